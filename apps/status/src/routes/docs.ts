import { escapeHtml } from '../dashboard/escape.js';
import type { App } from '../deps.js';

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      { summary?: string; tags?: string[]; responses?: Record<string, { description?: string }> }
    >
  >;
}

export const OPENAPI_INFO = {
  title: 'Karst status service',
  version: '0.1.0',
  description:
    'Where the deployment is, what its energy and cooling budget is, and how the data hall is doing against it.',
};

/** OpenAPI 3.1 at /openapi.json, and a docs page that needs no network (no CDN, no script). */
export function registerDocs(app: App): void {
  app.doc31('/openapi.json', { openapi: '3.1.0', info: OPENAPI_INFO });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  app.get('/docs', (c) => {
    const document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: OPENAPI_INFO,
    }) as unknown as OpenApiDocument;
    const rows = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(
        ([
          method,
          operation,
        ]) => `<tr><td class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</td>
<td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation.summary ?? '')}</td>
<td>${escapeHtml(Object.keys(operation.responses ?? {}).join(', '))}</td></tr>`,
      ),
    );
    rows.push(
      '<tr><td class="m get">GET</td><td><code>/metrics</code></td><td>Prometheus text format: budget gauges, live figures, request durations</td><td>200</td></tr>',
      '<tr><td class="m get">GET</td><td><code>/</code></td><td>The dashboard</td><td>200</td></tr>',
    );
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}: API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:64rem;color:#1f2933}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d9e2ec;padding:.4rem .6rem;text-align:left}
.m{font-weight:600;font-family:monospace}.get{color:#0b6e4f}.post{color:#9c4221}code{font-size:14px}</style></head>
<body><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')} The machine-readable description is at
<a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1). Writes need <code>Authorization: Bearer &lt;token&gt;</code>;
errors are <code>application/problem+json</code> documents naming the failing field.</p>
<table><thead><tr><th>method</th><th>path</th><th>what it does</th><th>responses</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>`);
  });
}
