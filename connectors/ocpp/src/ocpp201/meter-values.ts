// OCPP 2.0.1 MeterValueType (§2.35) and SampledValueType (§2.50) to MeterSampled events.
import type { Ocpp201 } from '@vz/ocpp';
import type { SampledValue } from '@vz/schemas';
import { epochMillisOf, meterSampled, type NormalizedEvent } from '../normalize/events.ts';
import { sampledValueOf } from '../normalize/sampled-values.ts';

export function samplesOf(meterValue: Ocpp201.MeterValueType): SampledValue[] {
  return meterValue.sampledValue.map((sample) =>
    sampledValueOf(
      {
        value: sample.value,
        measurand: sample.measurand,
        unit: sample.unitOfMeasure?.unit,
        multiplier: sample.unitOfMeasure?.multiplier,
        phase: sample.phase,
        location: sample.location,
        context: sample.context,
      },
      // §2.49 SignedMeterValueType: the signed data beside the number.
      sample.signedMeterValue === undefined ? undefined : { ...sample.signedMeterValue, valueInSignedData: false },
    ),
  );
}

/** One MeterSampled per MeterValue, at the transaction or the EVSE they belong to. */
export function meterEvents(
  chargerId: string,
  where: { transactionId: string | null; connectorId: number | null; evseId: number | null },
  meterValues: readonly Ocpp201.MeterValueType[],
): NormalizedEvent[] {
  return meterValues.map((meterValue) =>
    meterSampled(chargerId, epochMillisOf(meterValue.timestamp), { ...where, samples: samplesOf(meterValue) }),
  );
}
