import { createRoute, z } from '@hono/zod-openapi';
import { BUILT_IN_SITE_IDS, getBuiltInSite } from '@karst/climate';
import { siteSummary } from '../budget-service.js';
import type { App, RouteContext } from '../deps.js';
import { problem } from '../http/problem.js';

const siteId = z
  .string()
  .max(64)
  .openapi({ param: { name: 'id', in: 'path' }, example: 'guiyang' });

/** The sites `GET /v1/compare` compares when the query names none: as `karst compare` does. */
const DEFAULT_COMPARE_SITES = 'guiyang,beijing,singapore';

const sitesQuery = z.object({
  sites: z
    .string({ error: 'must be a comma-separated list of site ids, e.g. guiyang,beijing' })
    .max(512)
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'a comma-separated list of site ids, e.g. guiyang,beijing')
    .default(DEFAULT_COMPARE_SITES)
    .openapi({ example: DEFAULT_COMPARE_SITES, description: `site ids; default ${DEFAULT_COMPARE_SITES}` }),
});

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
});

export function registerSites(app: App, ctx: RouteContext): void {
  const withBudget = (id: string) => {
    const budget = ctx.budgets.atSite(id);
    return {
      ...siteSummary(getBuiltInSite(id)),
      budget: {
        annual: budget.annual,
        modeHours: budget.modeHours,
        headroom: budget.headroom,
        currency: budget.site.currency,
      },
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sites',
      tags: ['sites'],
      summary: 'Built-in sites with the budget of this deployment’s plan at each',
      responses: { 200: json('sites') },
    }),
    (c) => c.json({ sites: BUILT_IN_SITE_IDS.map(withBudget) }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sites/{id}',
      tags: ['sites'],
      summary: 'One built-in site: its profile and the plan’s budget there',
      request: { params: z.object({ id: siteId }) },
      responses: { 200: json('site'), 404: { description: 'unknown site (problem document)' } },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (!BUILT_IN_SITE_IDS.includes(id)) {
        return problem(c, 404, 'Unknown site', {
          detail: `no built-in site "${id}"; sites are ${BUILT_IN_SITE_IDS.join(', ')}`,
          errors: [{ path: 'id', message: `must be one of ${BUILT_IN_SITE_IDS.join(', ')}` }],
        });
      }
      return c.json({ ...withBudget(id), profile: getBuiltInSite(id) });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/compare',
      tags: ['sites'],
      summary: 'The same plan at several sites, ranked by annual facility energy',
      request: { query: sitesQuery },
      responses: { 200: json('comparison'), 400: { description: 'bad site list (problem document)' } },
    }),
    (c) => {
      const ids = [...new Set(c.req.valid('query').sites.split(','))];
      const unknown = ids.filter((id) => !BUILT_IN_SITE_IDS.includes(id));
      if (unknown.length > 0) {
        return problem(c, 400, 'Unknown site', {
          errors: [
            {
              path: 'sites',
              message: `unknown site(s) ${unknown.join(', ')}; sites are ${BUILT_IN_SITE_IDS.join(', ')}`,
            },
          ],
        });
      }
      const rows = ids
        .map((id) => ctx.budgets.comparisonRow(id))
        .sort((a, b) => a.facilityEnergyMwh - b.facilityEnergyMwh)
        .map((row, index) => ({ rank: index + 1, ...row }));
      return c.json({
        plan: { itPlan: ctx.budgets.plan.itPlan, cooling: ctx.budgets.plan.cooling.type },
        sites: rows,
      });
    },
  );
}
