export { MqttBridge, mqttBridgeApplication, type MqttBridgeDependencies } from './bridge.ts';
export { loadMqttConfig, mqttConfigSchema, type MqttConfig } from './config.ts';
export * from './plug-message.ts';
