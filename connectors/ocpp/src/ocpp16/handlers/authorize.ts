import type { VersionHandler } from '../../handlers/handler.ts';
import { authorizationEvents } from '../../normalize/events.ts';
import { idTagInfo } from '../answers.ts';

/** Authorize.req (§4.1): the token's decision (a prepaid account's lock first, see handlers/authorization.ts). */
export const authorize: VersionHandler<'ocpp1.6', 'Authorize'> = {
  action: 'Authorize',
  answer: async (request, call) => ({
    response: { idTagInfo: idTagInfo(await call.authorize(request.idTag, 'authorize')) },
  }),
  normalize: (request, { idTagInfo: info }) =>
    authorizationEvents({
      idTag: request.idTag,
      idTokenType: null,
      status: info.status,
      expiresAt: info.expiryDate,
      parentIdTag: info.parentIdTag ?? null,
    }),
};
