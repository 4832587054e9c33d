import type { ChargerCommand } from '@vz/schemas';

type Payload = ChargerCommand['payload'];
type BranchNames<Union> = Union extends unknown ? keyof Union : never;
type BranchBody<Union, Name extends PropertyKey> = Union extends Record<Name, infer Body> ? Body : never;
/** The command's branch name, e.g. `vz.charger.RemoteStartCommand`. */
export type CommandKind = BranchNames<Payload>;
export type CommandBody<Kind extends CommandKind> = BranchBody<Payload, Kind>;

/** How a version turns each command it supports into a call; a command it has no form for is left out. */
export type CommandCalls<Call> = {
  readonly [Kind in CommandKind]?: (body: CommandBody<Kind>, command: ChargerCommand) => Call | undefined;
};

/** The call a command becomes in one version, undefined when the version has no form for it (answered REJECTED). */
export function callOf<Call>(command: ChargerCommand, calls: CommandCalls<Call>): Call | undefined {
  const [kind, body] = Object.entries(command.payload)[0] ?? [];
  if (kind === undefined) return undefined;
  const make = calls[kind as CommandKind] as ((body: unknown, command: ChargerCommand) => Call | undefined) | undefined;
  return make?.(body, command);
}
