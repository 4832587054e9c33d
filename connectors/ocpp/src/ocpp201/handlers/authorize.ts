import type { VersionHandler } from '../../handlers/handler.ts';
import { authorizationEvents } from '../../normalize/events.ts';
import { idTokenInfo } from '../answers.ts';

/** AuthorizeRequest (C01): the token's decision (a prepaid account's lock first, see handlers/authorization.ts). */
export const authorize: VersionHandler<'ocpp2.0.1', 'Authorize'> = {
  action: 'Authorize',
  answer: async (request, call) => ({
    response: { idTokenInfo: idTokenInfo(await call.authorize(request.idToken.idToken, 'authorize')) },
  }),
  normalize: ({ idToken }, { idTokenInfo: info }) =>
    authorizationEvents({
      idTag: idToken.idToken,
      idTokenType: idToken.type,
      status: info.status,
      expiresAt: info.cacheExpiryDateTime,
      parentIdTag: info.groupIdToken?.idToken ?? null,
    }),
};
