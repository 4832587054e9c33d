import type { CommandOutcome } from '@vz/schemas';

/** A status with its reason, as 1.6 answers carry `status` and 2.0.1 ones `status` and `statusInfo` (§2.48). */
interface StatusAnswer {
  status?: unknown;
  statusInfo?: { reasonCode?: unknown; additionalInfo?: unknown } | undefined;
}

/** SetVariables (2.0.1 B05) answers per variable. */
interface SetVariablesAnswer {
  setVariableResult?: Array<{ attributeStatus?: unknown; attributeStatusInfo?: StatusAnswer['statusInfo'] }>;
}

/** Accepted, Scheduled and RebootRequired mean the charger took it; any other status is a refusal (OCPP 1.6 §7, 2.0.1 §3). */
export function outcomeOf(response: unknown): {
  outcome: CommandOutcome;
  status: string | null;
  reason: string | null;
} {
  // Any answer of the calls we send (validated by ocpp-rpc against the action's response schema) is one of these.
  const raw: StatusAnswer & SetVariablesAnswer = typeof response === 'object' && response !== null ? response : {};
  // We set one variable, so its attributeStatus is the status.
  const single = raw.setVariableResult?.[0];
  const answer: StatusAnswer =
    single === undefined ? raw : { status: single.attributeStatus, statusInfo: single.attributeStatusInfo };
  const status = typeof answer.status === 'string' ? answer.status : null;
  const reason =
    answer.statusInfo === undefined
      ? null
      : [answer.statusInfo.reasonCode, answer.statusInfo.additionalInfo].filter(Boolean).join(': ') || null;
  return {
    outcome: status === 'Accepted' || status === 'Scheduled' || status === 'RebootRequired' ? 'ACCEPTED' : 'REJECTED',
    status,
    reason,
  };
}
