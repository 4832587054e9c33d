import { endpointsOf } from '../endpoints.ts';
import { deployablePart } from './deployable.ts';
import { mqttUrl } from './mqtt.ts';
import { ocppEndpoint } from './ocpp.ts';

/** apps/simulator: the demo fleet of `npm start`, charging through the central system, and MQTT plugs through the broker (sample traffic). */
export const simulatorPart = deployablePart({
  name: 'simulator',
  title: 'Fleet simulator (apps/simulator)',
  entry: 'apps/simulator/src/cli.ts',
  stopsFirst: true,
  ports: (config) => ({ http: config.local.simulator.httpPort }),
  httpPort: (config) => config.local.simulator.httpPort,
  env: () => ({}),
  args: ({ config }) => {
    const { simulator } = config.local;
    return [
      '--endpoint',
      ocppEndpoint(config),
      '--chargers',
      String(simulator.chargers),
      '--share201',
      String(simulator.share201),
      '--password',
      simulator.stationPassword,
      '--meter-interval-ms',
      String(simulator.meterIntervalMs),
      '--http-port',
      String(simulator.httpPort),
      '--plugs',
      String(simulator.plugs),
      '--mqtt-url',
      mqttUrl(config),
      '--plug-password',
      simulator.plugPassword,
      '--plug-prefix',
      simulator.plugPrefix,
      '--register',
      `${endpointsOf(config).kafka.bootstrap},${endpointsOf(config).registry.confluentUrl}`,
    ];
  },
});
