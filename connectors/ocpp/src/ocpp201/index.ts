// OCPP 2.0.1: the calls a charging station makes that this central system answers (Part 2), one handler each, and
// the commands it sends.
import { dataTransfer, heartbeat } from '../handlers/common.ts';
import { normalizerOf, type OcppVersion, register } from '../handlers/handler.ts';
import { commandCall201 } from './commands.ts';
import { authorize } from './handlers/authorize.ts';
import { bootNotification } from './handlers/boot-notification.ts';
import { firmwareStatusNotification } from './handlers/firmware-status-notification.ts';
import { logStatusNotification } from './handlers/log-status-notification.ts';
import { meterValues } from './handlers/meter-values.ts';
import { notifyEvent } from './handlers/notify-event.ts';
import { securityEventNotification } from './handlers/security-event-notification.ts';
import { statusNotification } from './handlers/status-notification.ts';
import { transactionEvent } from './handlers/transaction-event.ts';

export const ocpp201: OcppVersion = {
  subprotocol: 'ocpp2.0.1',
  frameProtocol: 'OCPP201',
  formatViolation: 'FormatViolation',
  handlers: [
    register(bootNotification),
    register(heartbeat),
    register(statusNotification),
    register(authorize),
    register(transactionEvent),
    register(meterValues),
    register(notifyEvent),
    register(securityEventNotification),
    register(dataTransfer),
    register(firmwareStatusNotification),
    register(logStatusNotification),
  ],
  commandCall: commandCall201,
};

/** The events an accepted OCPP 2.0.1 call means, given the central system's answer. */
export const normalize201 = normalizerOf(ocpp201);
