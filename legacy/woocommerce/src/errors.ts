import type { FastifyReply } from 'fastify';

/** A `WP_Error` as the WordPress REST server renders it: `{ code, message, data: { status } }`. */
export class WooError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): { code: string; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.extra } };
  }
}

export function sendError(reply: FastifyReply, error: WooError): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json; charset=UTF-8').send(error.body());
}

/** `rest_invalid_param`, as WordPress answers a request argument that fails its schema. */
export function invalidParam(param: string, reason: string): WooError {
  return new WooError('rest_invalid_param', `Invalid parameter(s): ${param}`, 400, { params: { [param]: reason } });
}

export const noRoute = () => new WooError('rest_no_route', 'No route was found matching the URL and request method.', 404);

/** What a controller's permission check answers a caller nobody authenticated. */
export function permissionError(method: string, isItem: boolean): WooError {
  switch (method) {
    case 'POST':
      return new WooError('woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.', 401);
    case 'PUT':
    case 'PATCH':
      return new WooError('woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.', 401);
    case 'DELETE':
      return new WooError('woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.', 401);
    default:
      return isItem
        ? new WooError('woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.', 401)
        : new WooError('woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.', 401);
  }
}
