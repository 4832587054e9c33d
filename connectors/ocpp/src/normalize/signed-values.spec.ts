import { describe, expect, it } from '@jest/globals';
import type { MeterSampled, SampledValue, TransactionEnded } from '@vz/schemas';
import { unsignedReading } from '@vz/schemas';
import type { NormalizedEvent } from './events.ts';
import { normalize16 } from '../ocpp16/index.ts';
import { normalize201 } from '../ocpp201/index.ts';
import { measurandOfObis, readSignedPayload } from './signed-data.ts';

// An OCMF record as an Eichrecht meter signs a transaction: begin and end reading, RI/RU given once and inherited by
// the end reading (OCMF table 7), RV as the meter wrote it.
const ocmf =
  'OCMF|{"FV":"1.0","GI":"KEBA_KCP30","GS":"17619300","GV":"2.8.5","PG":"T32","MV":"Phoenix Contact",' +
  '"MM":"EEM-350-D-MCB","MS":"BQ27400330016","MF":"1.0","IS":true,"IL":"VERIFIED","IF":["RFID_PLAIN","OCPP_RS_TLS"],' +
  '"IT":"ISO14443","ID":"1F2D3A4F5506C7","RD":[' +
  '{"TM":"2026-11-21T09:00:00,000+0000 S","TX":"B","RV":2935.6,"RI":"1-b:1.8.0","RU":"kWh","RT":"AC","EF":"","ST":"G"},' +
  '{"TM":"2026-11-21T10:30:00,000+0000 S","TX":"E","RV":2965.1235,"EF":"","ST":"G"}]}|' +
  '{"SA":"ECDSA-secp256r1-SHA256","SD":"3045022100D7C0D3A5CE8B30E3C0E0B7A54B8E6C9C4DB3E5B4A8F2A6E1C97D0F2E1B4C9A5D02' +
  '2047A4F9E0D1C3B2A5968778695A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D9E8F7A6B5"}';
const ocmfBase64 = Buffer.from(ocmf).toString('base64');
const endReadingWh = 2_965_124; // 2965.1235 kWh, the half rounded up

const meterSamples = (events: readonly NormalizedEvent[]): SampledValue[][] =>
  events.flatMap((event) =>
    'vz.charger.MeterSampled' in event.payload
      ? [(event.payload['vz.charger.MeterSampled'] as MeterSampled).samples]
      : [],
  );
const ended = (events: readonly NormalizedEvent[]): TransactionEnded | undefined =>
  events
    .map((event) => event.payload)
    .flatMap((payload) => ('vz.charger.TransactionEnded' in payload ? [payload['vz.charger.TransactionEnded']] : []))
    .at(0);

const meterValues16 = (sampledValue: Array<Record<string, string>>) =>
  normalize16(
    'CP-1',
    'MeterValues',
    { connectorId: 1, transactionId: 7, meterValue: [{ timestamp: '2026-11-21T10:30:00Z', sampledValue }] },
    {},
    0,
  );

describe('OCPP 1.6 SignedData (§7.45 ValueFormat)', () => {
  it('takes the end reading of an OCMF record in Wh, exactly, and keeps the signed data verbatim', () => {
    const [samples] = meterSamples(
      meterValues16([
        { value: ocmf, format: 'SignedData', context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register' },
        { value: '2965123', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
      ]),
    );
    expect(samples).toEqual([
      {
        measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
        value: endReadingWh,
        unit: 'WH',
        phase: null,
        location: null,
        context: 'Sample.Periodic',
        ...unsignedReading,
        signedData: ocmf,
        signedFormat: 'OCMF',
      },
      {
        measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
        value: 2_965_123,
        unit: 'WH',
        phase: null,
        location: null,
        context: null,
        ...unsignedReading,
      },
    ]);
  });

  it('reads OCMF sent as Base64 or hex, keeping what was sent', () => {
    const hex = Buffer.from(ocmf).toString('hex').toUpperCase();
    const [samples] = meterSamples(
      meterValues16([
        { value: ocmfBase64, format: 'SignedData' },
        { value: hex, format: 'SignedData' },
      ]),
    );
    expect(
      samples?.map(({ value, unit, signedData, signedFormat, readError }) => ({
        value,
        unit,
        signedData,
        signedFormat,
        readError,
      })),
    ).toEqual([
      { value: endReadingWh, unit: 'WH', signedData: ocmfBase64, signedFormat: 'OCMF', readError: null },
      { value: endReadingWh, unit: 'WH', signedData: hex, signedFormat: 'OCMF', readError: null },
    ]);
  });

  it('keeps signed data of an unknown format verbatim, flagged as not read, with the readable samples beside it', () => {
    const edl = 'AP///////wEAAAABAAAAAAAAALTAMk5pRzcAAAAAAAAAAAAAAAAAAAAAAAA=';
    const [samples] = meterSamples(
      meterValues16([
        { value: edl, format: 'SignedData' },
        { value: '11.5', measurand: 'Power.Active.Import', unit: 'kW' },
      ]),
    );
    expect(samples).toEqual([
      {
        measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
        value: 0,
        unit: 'UNKNOWN',
        phase: null,
        location: null,
        context: null,
        ...unsignedReading,
        signedData: edl,
        readError: 'signed data in a format not read here (not OCMF)',
      },
      {
        measurand: 'POWER_ACTIVE_IMPORT',
        value: 11_500,
        unit: 'W',
        phase: null,
        location: null,
        context: null,
        ...unsignedReading,
      },
    ]);
  });

  it('flags an OCMF reading the meter marked unusable, one of another measurand, and a broken record', () => {
    const manipulated = ocmf.replace('"EF":"","ST":"G"}]', '"EF":"E","ST":"M"}]');
    const [samples] = meterSamples(
      meterValues16([
        { value: manipulated, format: 'SignedData' },
        { value: ocmf, format: 'SignedData', measurand: 'Energy.Active.Export.Register' },
        { value: 'OCMF|{"RD":[|{}', format: 'SignedData' },
      ]),
    );
    expect(
      samples?.map(({ value, unit, signedFormat, readError }) => ({ value, unit, signedFormat, readError })),
    ).toEqual([
      {
        value: 0,
        unit: 'UNKNOWN',
        signedFormat: 'OCMF',
        readError: 'OCMF reading has meter status M, not G (OK)',
      },
      {
        value: 0,
        unit: 'UNKNOWN',
        signedFormat: 'OCMF',
        readError: 'OCMF has no reading of Energy.Active.Export.Register',
      },
      { value: 0, unit: 'UNKNOWN', signedFormat: 'OCMF', readError: expect.stringMatching(/^OCMF not readable: /) },
    ]);
  });
});

describe('decimal values', () => {
  it('reads exponent notation exactly and keeps a non-numeric value as unreadable, the others read', () => {
    const [samples] = meterSamples(
      meterValues16([
        { value: '1.5e3', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
        { value: '1E3', measurand: 'Energy.Active.Import.Register', unit: 'kWh' },
        { value: '-0.5e-1', measurand: 'Current.Import', unit: 'A' },
        { value: 'n/a', measurand: 'Voltage', unit: 'V' },
        { value: '+2.30e2', measurand: 'Voltage', unit: 'V' },
      ]),
    );
    expect(samples?.map(({ measurand, value, unit, readError }) => [measurand, value, unit, readError])).toEqual([
      ['ENERGY_ACTIVE_IMPORT_REGISTER', 1_500, 'WH', null],
      ['ENERGY_ACTIVE_IMPORT_REGISTER', 1_000_000, 'WH', null],
      ['CURRENT_IMPORT', -50, 'MILLIAMPERE', null],
      ['VOLTAGE', 0, 'UNKNOWN', 'not a decimal number: "n/a"'],
      ['VOLTAGE', 230_000, 'MILLIVOLT', null],
    ]);
  });
});

describe('OCPP 1.6 StopTransaction (§4.10) with transactionData', () => {
  const stop = normalize16(
    'CP-1',
    'StopTransaction',
    {
      transactionId: 7,
      meterStop: 2_965_124,
      timestamp: '2026-11-21T10:30:01Z',
      reason: 'EVDisconnected',
      transactionData: [
        {
          timestamp: '2026-11-21T09:00:00Z',
          sampledValue: [{ value: '2935.6', unit: 'kWh', context: 'Transaction.Begin' }],
        },
        {
          timestamp: '2026-11-21T10:30:00Z',
          sampledValue: [
            { value: ocmf, format: 'SignedData', context: 'Transaction.End' },
            { value: 'twelve', measurand: 'SoC', context: 'Transaction.End' },
            { value: '2965.12', unit: 'kWh', context: 'Transaction.End' },
          ],
        },
      ],
    },
    {},
    0,
  );

  it('ends the transaction although one value is unreadable, with the signed end reading on the event', () => {
    expect(ended(stop)).toEqual({
      transactionId: '7',
      connectorId: null,
      evseId: null,
      idTag: null,
      meterStopWh: 2_965_124,
      reason: 'EV_DISCONNECTED',
      signedMeterStop: {
        measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
        value: endReadingWh,
        unit: 'WH',
        phase: null,
        location: null,
        context: 'Transaction.End',
        ...unsignedReading,
        signedData: ocmf,
        signedFormat: 'OCMF',
      },
    });
  });

  it('keeps every sample of transactionData, the unreadable one with its reason', () => {
    expect(meterSamples(stop).map((samples) => samples.map(({ value, readError }) => [value, readError]))).toEqual([
      [[2_935_600, null]],
      [
        [endReadingWh, null],
        [0, 'not a decimal number: "twelve"'],
        [2_965_120, null],
      ],
    ]);
  });

  it('has no signed end reading when nothing was signed', () => {
    const plain = normalize16('CP-1', 'StopTransaction', { transactionId: 8, meterStop: 10, timestamp: 'x' }, {}, 0);
    expect(ended(plain)?.signedMeterStop).toBeNull();
  });
});

describe('OCPP 2.0.1 TransactionEvent Ended with signedMeterValue (§2.49)', () => {
  const signedMeterValue = {
    signedMeterData: ocmfBase64,
    signingMethod: '',
    encodingMethod: 'OCMF',
    publicKey: Buffer.from('oca:base16:asn1:3059301306072A8648CE3D020106082A8648CE3D03010703420004').toString('base64'),
  };
  const events = normalize201(
    'CS-1',
    'TransactionEvent',
    {
      eventType: 'Ended',
      timestamp: '2026-11-21T10:30:01Z',
      triggerReason: 'EVCommunicationLost',
      seqNo: 4,
      transactionInfo: { transactionId: 'tx-9', stoppedReason: 'EVDisconnected' },
      evse: { id: 1, connectorId: 1 },
      meterValue: [
        {
          timestamp: '2026-11-21T10:30:00Z',
          sampledValue: [
            {
              value: 2965.1235,
              context: 'Transaction.End',
              measurand: 'Energy.Active.Import.Register',
              unitOfMeasure: { unit: 'kWh' },
              signedMeterValue,
            },
          ],
        },
      ],
    },
    {},
    0,
  );

  it('takes the number given beside the signed data and keeps the signed data and its details verbatim', () => {
    const expected: SampledValue = {
      measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
      value: endReadingWh,
      unit: 'WH',
      phase: null,
      location: null,
      context: 'Transaction.End',
      signedData: ocmfBase64,
      signedFormat: 'OCMF',
      signingMethod: '',
      encodingMethod: 'OCMF',
      publicKey: signedMeterValue.publicKey,
      readError: null,
    };
    expect(meterSamples(events)).toEqual([[expected]]);
    expect(ended(events)).toMatchObject({ meterStopWh: endReadingWh, signedMeterStop: expected });
  });
});

describe('OCMF', () => {
  it('keeps every number exactly as the meter wrote it and inherits omitted fields from the reading before', () => {
    const payload = readSignedPayload(ocmf);
    expect(payload).toEqual({
      format: 'OCMF',
      record: {
        readings: [
          expect.objectContaining({ value: '2935.6', obis: '1-b:1.8.0', unit: 'kWh', transaction: 'B' }),
          expect.objectContaining({ value: '2965.1235', obis: '1-b:1.8.0', unit: 'kWh', transaction: 'E' }),
        ],
      },
    });
    expect(readSignedPayload('not signed data at all')).toEqual({ format: undefined });
  });

  it.each([
    ['1-b:1.8.0', 'Energy.Active.Import.Register'],
    ['1-0:1.8.0*255', 'Energy.Active.Import.Register'],
    ['1-b:2.8.0', 'Energy.Active.Export.Register'],
    ['1.8.1', undefined],
    ['1-0:1.7.0', undefined],
  ] as const)('OBIS %s is %s', (obis, measurand) => {
    expect(measurandOfObis(obis)).toBe(measurand);
  });
});
