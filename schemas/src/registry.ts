import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  SchemaIncompatibleError,
  SchemaNotRegisteredError,
  SchemaRegistryRefusedError,
  SchemaRegistryUnavailableError,
} from './codec-errors.ts';

/** Confluent subject naming (docs/design.md, Event rules): keys are plain strings, so only values have subjects. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

export interface CompatibilityVerdict {
  readonly compatible: boolean;
  /** Why not, as the registry words it (field names, missing defaults). */
  readonly messages: readonly string[];
  /** No version is registered under the subject yet, so anything is compatible. */
  readonly newSubject: boolean;
}

/**
 * The schema registry through its Confluent-compatible API (Apicurio's `/apis/ccompat/v7`). Registering, looking up
 * and fetching schemas by id go through @kafkajs/confluent-schema-registry, which caches schemas by id; the
 * compatibility check and the per-subject config are plain HTTP because that client has no call for them.
 */
export class SchemaRegistryClient {
  readonly url: string;
  readonly #client: SchemaRegistry;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
    this.#client = new SchemaRegistry({ host: this.url, retry: { retries: 2 } });
  }

  /** Registers (or finds) the schema under the subject and returns its id. BACKWARD compatibility is enforced. */
  async register(subject: string, schema: string): Promise<number> {
    // Apicurio 3.0.x refuses a registration under a subject whose own compatibility was never set when the client
    // names one; setting it per subject first is idempotent and is what a Confluent registry does with `updateConfig`.
    // A 409 is Apicurio losing a race with another instance setting the same rule at the same moment: same outcome.
    await this.#request('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: 'BACKWARD' }, [409]);
    const { id } = await this.#call(`register ${subject}`, () =>
      this.#client.register({ type: SchemaType.AVRO, schema }, { subject }),
    );
    return id;
  }

  /** The id of exactly this schema under the subject; fails if it was never registered there. */
  lookupId(subject: string, schema: string): Promise<number> {
    return this.#call(`look up the schema of ${subject}`, () =>
      this.#client.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema }),
    );
  }

  /** The schema registered under an id, as JSON text (cached by the client: ids are immutable). */
  async schemaById(id: number): Promise<string> {
    const schema = await this.#call(`fetch schema ${id}`, () => this.#client.getSchema(id));
    return JSON.stringify((schema as unknown as { schema(): unknown }).schema());
  }

  async checkCompatibility(subject: string, schema: string): Promise<CompatibilityVerdict> {
    // Apicurio answers "compatible" for a subject it does not know, so ask whether there is a version first.
    const versions = await this.#request('GET', `/subjects/${encodeURIComponent(subject)}/versions`, undefined, [404]);
    if (versions.status === 404) return { compatible: true, messages: [], newSubject: true };
    const response = await this.#request(
      'POST',
      `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`,
      { schema, schemaType: 'AVRO' },
      [404],
    );
    if (response.status === 404) return { compatible: true, messages: [], newSubject: true };
    const verdict = (await response.json()) as { is_compatible: boolean; messages?: string[] };
    return { compatible: verdict.is_compatible, messages: verdict.messages ?? [], newSubject: false };
  }

  /** The latest schema registered under a subject, as JSON text. */
  async latestSchema(subject: string): Promise<string> {
    const response = await this.#request('GET', `/subjects/${encodeURIComponent(subject)}/versions/latest`, undefined);
    return ((await response.json()) as { schema: string }).schema;
  }

  /** Deletes a subject for good (soft delete, then permanent), e.g. a scratch subject of the compatibility check. */
  async deleteSubject(subject: string): Promise<void> {
    const path = `/subjects/${encodeURIComponent(subject)}`;
    await this.#request('DELETE', path, undefined, [404]);
    await this.#request('DELETE', `${path}?permanent=true`, undefined, [404]);
  }

  async #call<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const { status, message } = error as { status?: number; message?: string };
      // The client reports a refused connection as status 400, so the message decides, not the status alone.
      if (status === 409) {
        throw new SchemaIncompatibleError(`${what}: the registry refused it as incompatible (${message})`, error);
      }
      if (status === 404 || /No (content|artifact|version)/i.test(message ?? '')) {
        throw new SchemaNotRegisteredError(`${what}: not in the registry at ${this.url} (${message})`, error);
      }
      throw new SchemaRegistryUnavailableError(`${what}: registry at ${this.url} failed: ${message}`, error);
    }
  }

  async #request(method: string, path: string, body: unknown, acceptedStatuses: number[] = []): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new SchemaRegistryUnavailableError(`${method} ${this.url}${path}: ${(error as Error).message}`, error);
    }
    if (!response.ok && !acceptedStatuses.includes(response.status)) {
      const text = await response.text();
      const failure = `${method} ${this.url}${path}: HTTP ${response.status} ${text}`;
      if (response.status >= 500) throw new SchemaRegistryUnavailableError(failure);
      throw response.status === 404 ? new SchemaNotRegisteredError(failure) : new SchemaRegistryRefusedError(failure);
    }
    return response;
  }
}
