// Reads every Grafana dashboard in deploy/grafana/dashboards: valid JSON, a uid and title of its own, unique panel
// ids, and every panel's and query's data source one that deploy/grafana/provisioning provisions. (That the
// Prometheus queries are valid PromQL over metrics the services expose is EndToEndTest's check, against Prometheus.)
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../grafana/', import.meta.url);
const provisioned = new Set(parse(readFileSync(new URL('provisioning/datasources/storecast.yml', root), 'utf8'))
  .datasources.map(d => d.uid));
const problems = [];
const uids = new Set();
for (const file of readdirSync(new URL('dashboards/', root)).filter(f => f.endsWith('.json')).sort()) {
  let d;
  try {
    d = JSON.parse(readFileSync(new URL(`dashboards/${file}`, root), 'utf8'));
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
    continue;
  }
  if (!d.uid || !d.title) problems.push(`${file}: no uid or title`);
  if (uids.has(d.uid)) problems.push(`${file}: uid ${d.uid} used twice`);
  uids.add(d.uid);
  const ids = new Set();
  for (const p of d.panels ?? []) {
    if (ids.has(p.id)) problems.push(`${file}: panel id ${p.id} used twice`);
    ids.add(p.id);
    for (const ds of [p.datasource, ...(p.targets ?? []).map(t => t.datasource)]) {
      if (!ds || !provisioned.has(ds.uid)) problems.push(`${file}: panel "${p.title}" reads ${JSON.stringify(ds)}, not a provisioned data source`);
    }
  }
  console.log(`${file}: ${d.title}, ${ids.size} panels`);
}
problems.forEach(p => console.log(`INVALID ${p}`));
process.exit(problems.length ? 1 : 0);
