// Adds or replaces a station in a stations file: node connectors/ocpp/src/stations/add-station.ts <file> <id> <password>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hashPassword } from '@vz/core';

const [file, chargerId, password] = process.argv.slice(2);
if (file === undefined || chargerId === undefined || password === undefined) {
  console.error('usage: add-station.ts <stations.json> <charger id> <password>');
  process.exit(2);
}
if (password.length < 16) {
  // OCPP security whitepaper, Security Profile 1/2: the Basic auth password is 16 to 40 characters.
  console.error('the password must have at least 16 characters (OCPP Security Profile 1)');
  process.exit(2);
}
const content = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as { stations: Array<{ chargerId: string; passwordHash: string }> })
  : { stations: [] };
const passwordHash = await hashPassword(password);
content.stations = [
  ...content.stations.filter((station) => station.chargerId !== chargerId),
  { chargerId, passwordHash },
];
writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
console.log(`${chargerId}: stored in ${file}`);
