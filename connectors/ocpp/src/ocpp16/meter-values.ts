// OCPP 1.6 MeterValue (§7.31) and SampledValue (§7.45) to MeterSampled events.
import type { Ocpp16 } from '@vz/ocpp';
import type { SampledValue } from '@vz/schemas';
import { epochMillisOf, meterSampled, type NormalizedEvent } from '../normalize/events.ts';
import { sampledValueOf } from '../normalize/sampled-values.ts';

export type MeterValue16 = Ocpp16.MeterValuesRequest['meterValue'][number];

function samplesOf(meterValue: MeterValue16): SampledValue[] {
  return meterValue.sampledValue.map((sample) =>
    sampledValueOf(
      sample,
      // §7.45 ValueFormat: Raw (default) or SignedData, where `value` is the signed data.
      sample.format === 'SignedData' ? { signedMeterData: sample.value, valueInSignedData: true } : undefined,
    ),
  );
}

export function meterEvents(
  chargerId: string,
  connectorId: number | null,
  transactionId: string | null,
  values: readonly MeterValue16[],
): NormalizedEvent[] {
  return values.map((meterValue) =>
    meterSampled(chargerId, epochMillisOf(meterValue.timestamp), {
      transactionId,
      connectorId,
      evseId: null,
      samples: samplesOf(meterValue),
    }),
  );
}
