// GET /downloads/<grantId>?expires=<unix>&signature=<sig>: serves an item file to whoever
// holds a valid, unexpired signed link (no bearer token: the signature is the credential).
// Every refusal is a 403 in the API's error shape and carries no file bytes; a grant whose
// file is missing from the store is a 404.
import type { Services } from '../graphql/context';
import { parameterWithNul } from '../rest/params';
import { DOWNLOAD_PATH_PREFIX, verifyDownloadLink } from './links';
import { findGrant, recordDownload } from './service';

function errorResponse(
  status: number,
  msg: string,
  correlationId: string,
  headers: Record<string, string> = {},
  details?: { field: string; reason: string },
): Response {
  return Response.json(
    { status: 'error', code: status, msg, correlation_id: correlationId, ...(details && { details }) },
    { status, headers: { 'cache-control': 'no-store', ...headers } },
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `attachment` with a plain ASCII name and the exact name in RFC 5987 form. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function handleDownloadRequest(request: Request, services: Services, correlationId: string): Promise<Response> {
  if (request.method !== 'GET') return errorResponse(405, 'Method Not Allowed', correlationId, { allow: 'GET' });

  // A NUL character is a 400 naming the parameter, as on every documented path (docs/rest.md).
  const url = new URL(request.url);
  const id = safeDecode(url.pathname.slice(DOWNLOAD_PATH_PREFIX.length));
  const withNul = id.includes('\u0000') ? 'id' : parameterWithNul(url, {}, {});
  if (withNul) {
    const reason = 'must not contain NUL characters';
    return errorResponse(400, `Invalid ${withNul}: ${reason}`, correlationId, {}, { field: withNul, reason });
  }

  const link = verifyDownloadLink(services.config.APP_SECRET, url);
  if (!link.ok) return errorResponse(403, 'Invalid download link', correlationId);
  // Expiry only after the signature: an unsigned link learns nothing.
  const now = services.now();
  if (link.expires * 1000 <= now.getTime()) return errorResponse(403, 'Download link expired; request a new one', correlationId);

  const { prisma } = services.db;
  const grant = await findGrant(prisma, link.grantId);
  // The link must be the one issued for this grant (same expiry), and the grant still live.
  if (!grant || grant.expiresAt.getTime() !== link.expires * 1000) return errorResponse(403, 'Invalid download link', correlationId);
  if (grant.expiresAt <= now) return errorResponse(403, 'Download link expired; request a new one', correlationId);
  if (grant.purchase?.refundState === 'REFUNDED') return errorResponse(403, 'The purchase was refunded', correlationId);

  const file = await services.fileStore.open(grant.version.fileKey);
  if (!file) {
    services.logger.error({ grantId: grant.id, fileKey: grant.version.fileKey }, 'download: file missing from the store');
    return errorResponse(404, 'File not found', correlationId);
  }
  try {
    await recordDownload(prisma, grant, now);
  } catch (error) {
    await file.body.cancel().catch(() => undefined);
    throw error;
  }
  return new Response(file.body, {
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'content-length': String(file.size),
      'content-disposition': contentDisposition(grant.version.fileName),
      // RFC 9530: lets a client check what it received.
      'repr-digest': `sha-256=:${Buffer.from(grant.version.fileSha256, 'hex').toString('base64')}:`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
