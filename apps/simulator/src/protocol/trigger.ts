import type { MeterReading } from '../meter.ts';
import type { ChargerCore, Connector } from './driver.ts';

/** What differs between the protocols' TriggerMessage; the rest is `triggerMessageHandler`. */
export interface TriggerSpec<Request> {
  /** The connectors the request names (all of them when it names none); undefined for an unknown one: Rejected. */
  targets(params: Request): Connector[] | undefined;
  /** The protocol's MeterValues payload for one connector, from a reading taken for the trigger. */
  meterValues(connector: Connector, reading: MeterReading): object;
  /** Status notifications the protocol can trigger; they are sent as `{ status: 'Idle' }`. */
  idleNotifications: readonly string[];
  /** Messages only this protocol triggers: each starts its work (in the background) and says how to answer. */
  others?: Readonly<Record<string, (targets: Connector[]) => 'Accepted' | 'Rejected'>>;
}

/**
 * TriggerMessage: answers Accepted and sends the requested message after the answer (BootNotification, Heartbeat,
 * StatusNotification or MeterValues of the targeted connectors, an idle status notification, or what `others`
 * does); NotImplemented for any other message, Rejected for an unknown connector.
 */
export function triggerMessageHandler<Request extends { requestedMessage: string }>(
  core: ChargerCore,
  spec: TriggerSpec<Request>,
): (params: Request) => { status: 'Accepted' | 'Rejected' | 'NotImplemented' } {
  return (params) => {
    const requested = params.requestedMessage;
    const targets = spec.targets(params);
    if (!targets) return { status: 'Rejected' };
    switch (requested) {
      case 'BootNotification':
        core.background('triggered boot', () => core.sendBootNotification('Triggered'));
        break;
      case 'Heartbeat':
        core.background('triggered heartbeat', () => core.notify('Heartbeat', {}));
        break;
      case 'StatusNotification':
        core.background('triggered status', async () => {
          for (const connector of targets) await core.setStatus(connector, connector.status, { force: true });
        });
        break;
      case 'MeterValues':
        core.background('triggered meter values', async () => {
          for (const connector of targets) {
            await core.notify('MeterValues', spec.meterValues(connector, core.read(connector, 'Trigger')));
          }
        });
        break;
      default: {
        if (spec.idleNotifications.includes(requested)) {
          core.background('triggered ' + requested, () => core.notify(requested, { status: 'Idle' }));
          break;
        }
        const other =
          spec.others !== undefined && Object.hasOwn(spec.others, requested) ? spec.others[requested] : undefined;
        return { status: other ? other(targets) : 'NotImplemented' };
      }
    }
    return { status: 'Accepted' };
  };
}
