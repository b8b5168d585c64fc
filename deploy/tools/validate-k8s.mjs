// Validates every resource in the YAML streams given (files, or "-" for standard input) against its API's schema:
// the Kubernetes API (kubernetes-models), Strimzi's (@kubernetes-models/strimzi-kafka-operator) and the Prometheus
// Operator's (@kubernetes-models/prometheus-operator). A kind with no schema here fails rather than passing unread.
// Prints one line per resource; exits 1 if any is invalid.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const packages = {
  'kafka.strimzi.io': '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
};

async function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const base = packages[group] ?? (group ? `kubernetes-models/${group}` : 'kubernetes-models');
  try {
    return (await import(`${base}/${version}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

let valid = 0, invalid = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      console.log(`INVALID ${file}: ${doc.errors[0].message}`);
      invalid++;
      continue;
    }
    const resource = doc.toJS();
    if (!resource) continue;
    const name = `${resource.apiVersion} ${resource.kind} ${resource.metadata?.name}`;
    const Model = resource.apiVersion && resource.kind ? await model(resource.apiVersion, resource.kind) : undefined;
    if (!Model) {
      console.log(`INVALID ${file}: ${name}: no schema for this apiVersion and kind`);
      invalid++;
      continue;
    }
    try {
      new Model(resource).validate();
      console.log(`valid   ${name}`);
      valid++;
    } catch (e) {
      console.log(`INVALID ${file}: ${name}: ${e.message}`);
      invalid++;
    }
  }
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid || !valid ? 1 : 0);
