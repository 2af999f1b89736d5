/**
 * The registry's status pages (public HTML, no script at all, every value escaped):
 * `/registry/` lists the releases, `/registry/releases/<sid>` shows one — its configuration,
 * target, status, thresholds, health per plugin and rollback reason. They refresh themselves
 * every 10 s (a meta refresh: no script is needed, so the strictest CSP allows them). The
 * stylesheet is a file of this origin (`/registry/registry.css`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContactCenterError } from '../errors';
import type { Registry } from '../registry/Registry';
import type { PluginPermissions, RegistryReleaseWithHealth, RolloutTarget } from '../registry/types';
import { htmlHeaders, NOSNIFF, type ContentSecurityPolicy } from './securityHeaders';

const RELEASE_PAGE = /^\/registry\/releases\/([A-Za-z0-9]{1,64})$/;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML-escapes any value (text and attribute values alike). */
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLESHEET = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2433;max-width:70rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #dde2ea;vertical-align:top}
th{background:#f3f5f8}.live{color:#0a7a36;font-weight:600}.rolled-back{color:#b3261e;font-weight:600}
.superseded{color:#6b7280}.reason{background:#fdecea;border-left:4px solid #b3261e;padding:.6rem .8rem}
.muted{color:#6b7280}code{font-size:.92em}`;

const when = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
const targetText = (t: RolloutTarget) =>
  t.kind === 'all'
    ? 'all agents'
    : t.kind === 'percent'
      ? `${t.percent}% of agents`
      : `agents ${t.identities.join(', ')}`;
const permissionsText = (p: PluginPermissions | null) =>
  p === null
    ? 'undeclared (unrestricted)'
    : (['actions', 'slots', 'origins'] as const).map((k) => `${k}: ${p[k].join(', ') || '—'}`).join('; ');

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/registry/registry.css"></head>
<body>${body}</body></html>`;
}

function listPage(registry: Registry, releases: RegistryReleaseWithHealth[]): string {
  const rows = releases
    .map((r) => {
      const c = registry.configuration(r.configurationSid);
      return `<tr><td><a href="/registry/releases/${escapeHtml(r.sid)}"><code>${escapeHtml(r.sid)}</code></a></td>
<td class="${escapeHtml(r.status)}">${escapeHtml(r.status)}</td><td>${escapeHtml(targetText(r.target))}</td>
<td>${escapeHtml(c.name)}</td><td>${escapeHtml(when(r.createdAt))}</td><td>${escapeHtml(r.createdBy)}</td>
<td>${r.rollback ? escapeHtml(r.rollback.reason) : ''}</td></tr>`;
    })
    .join('\n');
  return page(
    'Plugin releases',
    `<h1>Plugin releases</h1>
${
  releases.length
    ? `<table><thead><tr><th>Release</th><th>Status</th><th>Target</th><th>Configuration</th><th>Created</th><th>By</th><th>Rollback</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p class="muted">No release yet.</p>'
}`,
  );
}

function releasePage(registry: Registry, r: RegistryReleaseWithHealth): string {
  const c = registry.configuration(r.configurationSid);
  const versions = new Map(
    c.plugins.map((e) => [
      e.plugin,
      registry.plugin(e.plugin).versions.find((v) => v.version === e.version)?.permissions ?? null,
    ]),
  );
  const plugins = c.plugins
    .map(
      (e) => `<tr><td>${escapeHtml(e.plugin)}</td><td>${escapeHtml(e.version)}</td><td>${escapeHtml(e.phase)}</td>
<td>${e.enabled ? 'yes' : 'no'}</td><td>${escapeHtml(permissionsText(versions.get(e.plugin) ?? null))}</td></tr>`,
    )
    .join('\n');
  const health = r.health
    .map(
      (h) => `<tr><td>${escapeHtml(h.plugin)}</td><td>${escapeHtml(h.version)}</td>
<td>${escapeHtml(h.failingDesktops)} of ${escapeHtml(h.desktops)}</td><td>${escapeHtml(h.errors)}</td>
<td>${escapeHtml(h.invocations)}</td><td>${escapeHtml(`${Number((h.errorRate * 100).toFixed(1))}%`)}</td>
<td>${escapeHtml(h.timeouts)}</td><td>${h.lastFailure ? escapeHtml(`${h.lastFailure.code}: ${h.lastFailure.message}`) : ''}</td></tr>`,
    )
    .join('\n');
  const t = r.thresholds;
  const rollback = r.rollback
    ? `<h2>Rollback</h2><p class="reason">${r.rollback.automatic ? 'Rolled back automatically' : `Rolled back by ${escapeHtml(r.rollback.by)}`}
at ${escapeHtml(when(r.rollback.at))}: ${escapeHtml(r.rollback.reason)}</p>`
    : '';
  return page(
    `Release ${r.sid}`,
    `<p><a href="/registry/">All releases</a></p>
<h1>Release <code>${escapeHtml(r.sid)}</code></h1>
<table><tbody>
<tr><th>Status</th><td class="${escapeHtml(r.status)}">${escapeHtml(r.status)}</td></tr>
<tr><th>Target</th><td>${escapeHtml(targetText(r.target))}</td></tr>
<tr><th>Configuration</th><td>${escapeHtml(c.name)} <code>${escapeHtml(c.sid)}</code>${c.description ? ` — ${escapeHtml(c.description)}` : ''}</td></tr>
<tr><th>Previous release</th><td>${r.previousReleaseSid ? `<a href="/registry/releases/${escapeHtml(r.previousReleaseSid)}"><code>${escapeHtml(r.previousReleaseSid)}</code></a>` : '—'}</td></tr>
<tr><th>Thresholds</th><td>more than ${escapeHtml(t.maxFailingDesktops)} failing desktops, or an error rate over ${escapeHtml(`${Number((t.maxErrorRate * 100).toFixed(1))}%`)} after ${escapeHtml(t.minInvocations)} invocations</td></tr>
<tr><th>Created</th><td>${escapeHtml(when(r.createdAt))} by ${escapeHtml(r.createdBy)}</td></tr>
</tbody></table>
${rollback}
<h2>Plugins</h2>
<table><thead><tr><th>Plugin</th><th>Version</th><th>Phase</th><th>Enabled</th><th>Permissions</th></tr></thead><tbody>${plugins}</tbody></table>
<h2>Health</h2>
<table><thead><tr><th>Plugin</th><th>Version</th><th>Failing desktops</th><th>Errors</th><th>Invocations</th><th>Error rate</th><th>Timeouts</th><th>Last failure</th></tr></thead><tbody>${health}</tbody></table>`,
  );
}

/**
 * Answers `/registry/`, `/registry/releases/<sid>` and `/registry/registry.css`; false for
 * any other path.
 */
export async function serveRegistryPages(
  registry: Registry,
  policy: ContentSecurityPolicy | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const { pathname } = url;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const send = (status: number, type: string, text: string, headers: Record<string, string>) => {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  };
  if (pathname === '/registry') return (res.writeHead(301, { location: '/registry/' }).end(), true);
  if (pathname === '/registry/registry.css') return send(200, 'text/css; charset=utf-8', STYLESHEET, { ...NOSNIFF });
  const html = (status: number, text: string) =>
    send(status, 'text/html; charset=utf-8', text, htmlHeaders(policy, req));
  if (pathname === '/registry/') return html(200, listPage(registry, await registry.releases()));
  const match = RELEASE_PAGE.exec(pathname);
  if (!match) return false;
  try {
    return html(200, releasePage(registry, await registry.releaseOf(match[1]!)));
  } catch (e) {
    if (!(e instanceof ContactCenterError) || e.code !== 'CC_NOT_FOUND') throw e;
    return html(
      404,
      page(
        'No such release',
        `<h1>No release ${escapeHtml(match[1])}</h1><p><a href="/registry/">All releases</a></p>`,
      ),
    );
  }
}
