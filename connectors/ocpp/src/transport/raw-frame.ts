import type { FrameContent } from '@vz/edge';
import type { FrameProtocol, RawFrame } from '@vz/schemas';

/**
 * A WebSocket message as a raw frame: verbatim, with what OCPP-J §4 lets us read of it (message type, unique id,
 * action of a CALL); an unparseable one is kept with the reason.
 */
export function frameFields(
  chargerId: string,
  protocol: FrameProtocol,
  payload: Buffer,
  direction: RawFrame['direction'],
): FrameContent {
  let messageTypeId: number | null = null;
  let uniqueId: string | null = null;
  let action: string | null = null;
  let parseError: string | null = null;
  try {
    const frame = JSON.parse(payload.toString('utf8')) as unknown;
    if (!Array.isArray(frame)) throw new TypeError('not an OCPP-J array');
    messageTypeId = typeof frame[0] === 'number' ? frame[0] : null;
    uniqueId = typeof frame[1] === 'string' ? frame[1] : null;
    action = messageTypeId === 2 && typeof frame[2] === 'string' ? frame[2] : null;
  } catch (error) {
    parseError = (error as Error).message;
  }
  return { chargerId, protocol, direction, payload, mqttTopic: null, messageTypeId, uniqueId, action, parseError };
}
