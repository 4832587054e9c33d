import { endpointsOf } from '../endpoints.ts';
import { deployablePart } from './deployable.ts';

/** connectors/mqtt: plugs publish to Mosquitto, the bridge writes their messages to Kafka. */
export const mqttBridgePart = deployablePart({
  name: 'mqtt-bridge',
  title: 'MQTT plug bridge (connectors/mqtt)',
  entry: 'connectors/mqtt/src/main.ts',
  ports: (config) => ({ http: config.local.mqttBridge.httpPort }),
  httpPort: (config) => config.local.mqttBridge.httpPort,
  env: ({ config }) => {
    const endpoints = endpointsOf(config);
    return {
      VZ_MQTT_BROKER_URL: endpoints.mqtt.url,
      VZ_MQTT_USERNAME: endpoints.mqtt.user,
      VZ_MQTT_PASSWORD: endpoints.mqtt.password,
      // As for the OCPP part: the demo fleet's drivers need not have tokens in registry.tokens.
      VZ_MQTT_ACCEPT_UNKNOWN_TOKENS: 'true',
      // The demo's plugs only: test bridges on the same broker answer their own plugs.
      VZ_MQTT_PLUG_ID_PREFIX: config.local.simulator.plugPrefix,
    };
  },
});
