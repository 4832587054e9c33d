// OCPP 1.6J: the calls a charge point makes that this central system answers (§4), one handler each, and the
// commands it sends (§5).
import { dataTransfer, heartbeat } from '../handlers/common.ts';
import { normalizerOf, type OcppVersion, register } from '../handlers/handler.ts';
import { commandCall16 } from './commands.ts';
import { authorize } from './handlers/authorize.ts';
import { bootNotification } from './handlers/boot-notification.ts';
import { diagnosticsStatusNotification } from './handlers/diagnostics-status-notification.ts';
import { firmwareStatusNotification } from './handlers/firmware-status-notification.ts';
import { meterValues } from './handlers/meter-values.ts';
import { startTransaction } from './handlers/start-transaction.ts';
import { statusNotification } from './handlers/status-notification.ts';
import { stopTransaction } from './handlers/stop-transaction.ts';

export const ocpp16: OcppVersion = {
  subprotocol: 'ocpp1.6',
  frameProtocol: 'OCPP16',
  formatViolation: 'FormationViolation',
  handlers: [
    register(bootNotification),
    register(heartbeat),
    register(statusNotification),
    register(authorize),
    register(startTransaction),
    register(meterValues),
    register(stopTransaction),
    register(dataTransfer),
    register(firmwareStatusNotification),
    register(diagnosticsStatusNotification),
  ],
  commandCall: commandCall16,
};

/** The events an accepted OCPP 1.6 call means, given the central system's answer. */
export const normalize16 = normalizerOf(ocpp16);

export { transactionIdFor } from './answers.ts';
