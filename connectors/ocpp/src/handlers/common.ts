// What OCPP 1.6 and 2.0.1 answer alike: each version's list names these handlers beside its own.
import { dataTransferEvent, heartbeatEvent, type NormalizedEvent } from '../normalize/events.ts';
import type { Answer, CallContext, CallHandler } from './handler.ts';

/** The answer of a notification that carries nothing back (StatusNotification, MeterValues, …). */
export const noAnswer = (): Answer<Record<string, never>> => ({ response: {} });

/** BootNotification (1.6 §4.2, 2.0.1 B01): Accepted for a known station, Pending for one let in unknown. */
export function bootAnswer(call: CallContext): Answer<{
  status: 'Accepted' | 'Pending';
  currentTime: string;
  interval: number;
}> {
  return {
    response: {
      status: call.provisioned ? 'Accepted' : 'Pending',
      currentTime: new Date().toISOString(),
      interval: call.heartbeatIntervalSeconds,
    },
  };
}

/** Heartbeat (1.6 §4.6, 2.0.1 G02): the time, and an event saying the charger is alive. */
export const heartbeat: CallHandler<object, { currentTime: string }> = {
  action: 'Heartbeat',
  answer: () => ({ response: { currentTime: new Date().toISOString() } }),
  normalize: (_request, _response, { heartbeatIntervalMs }) => [heartbeatEvent(heartbeatIntervalMs)],
};

/** DataTransfer (1.6 §4.3, 2.0.1 P02): no vendor extension is known here, the data is kept as received. */
export const dataTransfer: CallHandler<
  { vendorId: string; messageId?: string; data?: unknown },
  { status: 'UnknownVendorId' }
> = {
  action: 'DataTransfer',
  answer: () => ({ response: { status: 'UnknownVendorId' } }),
  normalize: (request): NormalizedEvent[] => [dataTransferEvent(request)],
};
