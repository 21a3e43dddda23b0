import { createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '@karst/climate';
import { planSchema } from '@karst/energy';
import type { App, RouteContext } from '../deps.js';
import { fieldErrors, problem } from '../http/problem.js';

const budgetResponse = {
  description: 'budget',
  content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('Budget') } },
};

export function registerBudget(app: App, ctx: RouteContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/budget',
      tags: ['budget'],
      summary: 'This deployment’s plan and its budget (computed once at start)',
      responses: { 200: budgetResponse },
    }),
    (c) => c.json({ plan: ctx.budgets.plan, budget: ctx.budgets.deployment }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/budget',
      tags: ['budget'],
      summary: 'The budget of a what-if plan (computed once per distinct plan)',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: planSchema } },
        },
      },
      responses: {
        200: budgetResponse,
        400: { description: 'invalid plan (problem document naming each field)' },
      },
    }),
    (c) => {
      const plan = c.req.valid('json');
      try {
        return c.body(ctx.budgets.whatIfBody(plan), 200, { 'content-type': 'application/json' });
      } catch (error) {
        // A plan that passes its schema can still hold weather the model rejects: the client's mistake,
        // named by the fields the error names.
        if (error instanceof ValidationError) {
          return problem(c, 400, 'Invalid plan', {
            detail: error.message.slice(0, 2000),
            ...fieldErrors(error.issues),
          });
        }
        throw error;
      }
    },
  );
}
