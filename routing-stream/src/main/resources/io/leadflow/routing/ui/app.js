// leadflow pool page: plain JS against the pool API on the same origin (docs/POOL.md "Web page").
'use strict';
const $ = (id) => document.getElementById(id);
const text = (v) => (v === null || v === undefined ? '–' : String(v));

function cell(row, value, cls) {
  const td = document.createElement('td');
  td.textContent = text(value);
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function ago(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  return (seconds / 3600).toFixed(1) + ' h';
}

function status(el, message, ok) {
  el.textContent = message;
  el.className = ok ? 'ok' : 'err';
}

async function api(method, path, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = {};
  try { json = await response.json(); } catch (e) { /* empty body */ }
  return { status: response.status, json };
}

// ---- pool browser

async function loadLeads() {
  const pool = $('pool').value.trim();
  if (!pool) return;
  const params = new URLSearchParams();
  for (const id of ['q', 'industry', 'segment', 'source', 'minScore', 'maxScore', 'state', 'sort']) {
    const value = $(id).value.trim();
    if (value) params.set(id, value);
  }
  const { status: code, json } = await api('GET', '/api/pools/' + encodeURIComponent(pool) + '/leads?' + params, $('token').value.trim());
  const body = $('leads').querySelector('tbody');
  body.replaceChildren();
  if (code !== 200) {
    status($('status'), json.error || ('error ' + code), false);
    return;
  }
  $('summary').textContent = json.matching + ' of ' + json.total + ' leads in ' + json.pool
    + (json.mode ? ' (' + json.mode + ' mode' + (json.hideDetails ? ', details after claim' : '') + ')' : ' (not a pull pool)');
  for (const lead of json.leads) {
    const row = document.createElement('tr');
    row.dataset.lead = lead.leadId;
    if (lead.details) row.className = 'mine';
    cell(row, lead.leadId);
    cell(row, lead.companyName);
    cell(row, lead.industry);
    cell(row, lead.segment);
    cell(row, lead.source);
    cell(row, Math.round(lead.score), 'score');
    cell(row, ago(lead.ageSeconds));
    cell(row, lead.claimedBy ? lead.state + ' by ' + lead.claimedBy : lead.state, 'state');
    const actions = cell(row, '');
    if (lead.state === 'OPEN' || lead.state === 'REVIEW') {
      const button = document.createElement('button');
      button.textContent = 'Claim';
      button.className = 'claim';
      button.addEventListener('click', () => command('claim', lead.leadId));
      actions.appendChild(button);
    }
    body.appendChild(row);
  }
}

async function command(kind, leadId) {
  const pool = $('pool').value.trim();
  const token = $('token').value.trim();
  if (!token) {
    status($('status'), 'enter your token to ' + kind, false);
    return;
  }
  status($('status'), kind + ' sent…', true);
  const body = leadId ? { lead: leadId } : {};
  const { status: code, json } = await api('POST', '/api/pools/' + encodeURIComponent(pool) + '/' + kind, token, body);
  if (code === 200) {
    status($('status'), json.result + ': ' + json.lead + ' is yours (' + json.rep + ')', true);
  } else {
    status($('status'), (json.reason || json.error || 'error ' + code), false);
  }
  await loadLeads();
}

// ---- ops dashboard

function table(headers, rows) {
  const t = document.createElement('table');
  const head = t.createTHead().insertRow();
  for (const h of headers) {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const v of r) cell(tr, v);
  }
  return t;
}

function heading(parent, title) {
  const h = document.createElement('h2');
  h.textContent = title;
  parent.appendChild(h);
}

async function loadOps() {
  const pool = $('ops-pool').value.trim();
  const out = $('ops');
  out.replaceChildren();
  // The Pool tab's token, if any: needed when the service runs with routing.api.read-auth.
  const { status: code, json } = await api('GET', '/api/pools/' + encodeURIComponent(pool) + '/stats', $('token').value.trim());
  if (code !== 200) {
    out.textContent = json.error || ('error ' + code);
    return;
  }
  heading(out, 'Leads per rep against target (assigned this week, all pools)');
  out.appendChild(table(['rep', 'weight', 'assigned', 'target', 'gap'],
    json.assignedThisWeekAgainstTarget.map((r) => [r.repId, r.weight, r.assigned, r.target, r.gap])));
  const gini = document.createElement('p');
  gini.textContent = 'Gini of leads per unit of weight: ' + text(json.gini) + ' (0 = everyone at their share)';
  out.appendChild(gini);
  heading(out, 'Leads in the pool');
  out.appendChild(table(['state', 'leads'], Object.entries(json.leadsByState)));
  const age = document.createElement('p');
  age.textContent = 'Waiting (open): ' + json.waitingAge.count + ' leads, oldest ' + ago(json.waitingAge.oldestSeconds)
    + ', median ' + ago(json.waitingAge.medianSeconds);
  out.appendChild(age);
  heading(out, 'Claim patterns per rep');
  const minimum = json.minDailyClaims ? 'below ' + json.minDailyClaims + '/day' : 'below daily minimum (none set)';
  out.appendChild(table(['rep', 'holding', 'claims today', 'low-score today', 'skips in a row', 'claims total', 'lapsed', minimum],
    json.claimsByRep.map((r) => [r.repId, r.held, r.claimsToday, r.lowScoreClaimsToday, r.skipsInRow, r.totalClaims, r.lapsedClaims,
      r.belowDailyMinimum === null ? '' : (r.belowDailyMinimum ? 'yes' : 'no')])));
  heading(out, 'Assignment latency and conversion by claim source');
  if (!json.bySource) {
    const p = document.createElement('p');
    p.className = 'missing';
    p.textContent = 'not available right now: ' + text(json.sourcesError);
    out.appendChild(p);
    return;
  }
  const lat = json.assignmentLatency;
  const summary = document.createElement('p');
  summary.id = 'latency-summary';
  summary.textContent = 'Assignment latency (lead event → assignment, all sources): p50 ' + secs(lat.p50Seconds)
    + ', p95 ' + secs(lat.p95Seconds) + ' over ' + lat.count + ' assignments';
  out.appendChild(summary);
  const t = table(['claim source', 'assigned', 'latency p50', 'latency p95', 'contacted', 'opportunity', 'won', 'lost',
    'contact rate', 'conversion', 'win rate'],
    json.bySource.map((r) => [r.source, r.assigned, secs(r.latency.p50Seconds), secs(r.latency.p95Seconds), r.contacted,
      r.opportunity, r.won, r.lost, pct(r.contactRate), pct(r.conversionRate), pct(r.winRate)]));
  t.id = 'by-source';
  out.appendChild(t);
}

function secs(s) {
  if (s === null || s === undefined) return '–';
  return s < 120 ? s.toFixed(s < 10 ? 2 : 0) + ' s' : ago(Math.round(s));
}

function pct(rate) {
  return rate === null || rate === undefined ? '–' : Math.round(rate * 1000) / 10 + ' %';
}

// ---- admin

async function saveWeight() {
  const rep = $('admin-rep').value.trim();
  const weight = Number($('admin-weight').value);
  const { status: code, json } = await api('PUT', '/api/admin/weights/' + encodeURIComponent(rep), $('admin-token').value.trim(), { weight });
  status($('admin-status'), code === 200 ? 'weight of ' + json.repId + ' is now ' + json.weight : (json.error || 'error ' + code), code === 200);
}

// ---- wiring

function showTab(name) {
  for (const section of document.querySelectorAll('section')) section.hidden = section.id !== 'tab-' + name;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.tab === name);
}

document.querySelectorAll('nav a').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); showTab(a.dataset.tab); }));
$('pool-form').addEventListener('submit', (e) => { e.preventDefault(); loadLeads(); });
$('take-next').addEventListener('click', () => command('take-next'));
$('ops-form').addEventListener('submit', (e) => { e.preventDefault(); loadOps(); });
$('admin-form').addEventListener('submit', (e) => { e.preventDefault(); saveWeight(); });

// Links into the page: #pool=smb&token=…&claim=lead-1 (the fragment never reaches a server log).
(async () => {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('tab')) showTab(hash.get('tab'));
  if (hash.get('pool')) { $('pool').value = hash.get('pool'); $('ops-pool').value = hash.get('pool'); }
  if (hash.get('token')) $('token').value = hash.get('token');
  for (const id of ['q', 'industry', 'segment', 'source', 'minScore', 'maxScore', 'state', 'sort']) {
    if (hash.has(id)) $(id).value = hash.get(id);
  }
  if (hash.get('pool')) {
    if (hash.get('tab') === 'ops') await loadOps(); else await loadLeads();
    if (hash.get('claim')) await command('claim', hash.get('claim'));
  }
  document.body.dataset.ready = 'true';
})();
