import type { FastifyInstance, FastifyReply } from 'fastify';
import { booleanQuery, objectTypeParam, singularUpper, type HubSpotContext } from '../context.ts';
import { HubSpotHttpError, invalidProperties, type PropertyProblem } from '../errors.ts';
import { ALWAYS_RETURNED, type ObjectType } from '../properties.ts';
import type { PublicObject } from '../serialize.ts';
import { validateProperties } from '../validate.ts';

/** HubSpot's batch endpoints take at most 100 inputs. */
const BATCH_LIMIT = 100;

interface BatchReadBody {
  inputs?: { id?: string | number }[];
  properties?: string[];
  propertiesWithHistory?: string[];
  idProperty?: string;
}

interface BatchUpdateBody {
  inputs?: { id?: string | number; idProperty?: string; properties?: unknown }[];
}

function inputsOf<T>(inputs: T[] | undefined): T[] {
  if (!Array.isArray(inputs)) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', 'Invalid input JSON: "inputs" is required');
  if (inputs.length > BATCH_LIMIT) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', `Batch input limit exceeded: ${inputs.length} inputs, at most ${BATCH_LIMIT} are allowed`);
  return inputs;
}

/**
 * The batch answer: 200 when every input succeeded, `207 Multi-Status` with `errors` and
 * `numErrors` when some were not found (the found ones still come back in `results`).
 */
function batchAnswer(reply: FastifyReply, type: ObjectType, results: PublicObject[], missing: string[], startedAt: string): FastifyReply {
  const base = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (missing.length === 0) return reply.code(200).send(base);
  return reply.code(207).send({
    ...base,
    numErrors: 1,
    errors: [{
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: `Could not get some ${singularUpper(type)} objects, they may be deleted or not exist. Check that ids are valid.`,
      context: { ids: missing },
    }],
  });
}

function uniqueIdProperty(ctx: HubSpotContext, type: ObjectType, idProperty: string | undefined): void {
  if (!idProperty) return;
  const def = ctx.catalog.get(type, idProperty);
  if (!def?.hasUniqueValue) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', `${idProperty} is not a unique identifier property for ${type}`);
}

/** `batch/read` and `batch/update`. */
export function registerBatchRoutes(app: FastifyInstance, ctx: HubSpotContext): void {
  const { store, serializer, catalog } = ctx;

  app.post('/crm/v3/objects/:objectType/batch/read', async (request, reply) => {
    const startedAt = new Date().toISOString();
    const type = objectTypeParam(request);
    const body = (request.body ?? {}) as BatchReadBody;
    const inputs = inputsOf(body.inputs);
    uniqueIdProperty(ctx, type, body.idProperty);
    const archived = booleanQuery((request.query as { archived?: string }).archived);
    const seen = new Set<string>();
    const results: PublicObject[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = String(input.id ?? '');
      const record = store.find(type, id, body.idProperty, archived);
      if (!record) missing.push(id);
      else if (!seen.has(record.id)) {
        seen.add(record.id);
        results.push(serializer.object(type, record, body.properties));
      }
    }
    return batchAnswer(reply, type, results, missing, startedAt);
  });

  app.post('/crm/v3/objects/:objectType/batch/update', async (request, reply) => {
    const startedAt = new Date().toISOString();
    const type = objectTypeParam(request);
    const inputs = inputsOf(((request.body ?? {}) as BatchUpdateBody).inputs);
    // HubSpot validates the whole batch first: one bad value refuses every input.
    const problems: PropertyProblem[] = [];
    const planned = inputs.map((input) => {
      uniqueIdProperty(ctx, type, input.idProperty);
      const checked = validateProperties(catalog, type, input.properties ?? {});
      if (!checked.ok) problems.push(...checked.problems);
      return { id: String(input.id ?? ''), record: store.find(type, String(input.id ?? ''), input.idProperty), values: checked.ok ? checked.values : {} };
    });
    if (problems.length) return invalidProperties(reply, problems);
    const results = planned.filter((p) => p.record).map((p) => {
      store.update(type, p.record!, p.values);
      return serializer.object(type, p.record!, [...Object.keys(p.values), ...ALWAYS_RETURNED[type]]);
    });
    return batchAnswer(reply, type, results, planned.filter((p) => !p.record).map((p) => p.id), startedAt);
  });
}
