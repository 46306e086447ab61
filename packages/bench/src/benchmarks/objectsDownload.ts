/*
 * Object benchmark 3: a 100 MiB download never passes through the backend.
 *
 * A 100 MiB object of random bytes is put straight into a bucket on Ceph
 * RGW. The real plugin (PostgreSQL, the resource registered through the
 * API with RGW as its endpoint) issues the presigned download link (POST
 * /api/s3-resources/resources/:id/objects/links, purpose download); the
 * benchmark fetches that URL from RGW and checks size and SHA-256. Every
 * response of the backend's HTTP server is counted in bytes as its socket
 * wrote them (status line, headers and body), from the link request to
 * the last downloaded byte.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  createTestBucket,
  getTestS3,
  s3ClientFor,
} from '@internal/s3-test-harness';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Figure, report } from '../lib/result';
import { log, timed } from '../lib/stats';
import { startObjectsBackend } from './objectsFixtures';

const MIB = 1024 * 1024;
const SIZE = 100 * MIB;
const KEY = 'downloads/random-100MiB.bin';

/** Bytes the server's sockets wrote for each response, as they finish. */
function countResponses(server: http.Server) {
  let bytes = 0;
  let responses = 0;
  server.on('request', (_req, res) => {
    const socket = res.socket;
    if (!socket) return;
    const before = socket.bytesWritten;
    res.once('finish', () => {
      responses++;
      bytes += socket.bytesWritten - before;
    });
  });
  return { snapshot: () => ({ bytes, responses }) };
}

async function main() {
  const bucket = await createTestBucket('bench-dl');
  const rgw = new URL(getTestS3().endpoint);
  let stopPortal = async () => undefined as void;
  try {
    const body = randomBytes(SIZE);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const s3 = s3ClientFor('tester', {
      requestChecksumCalculation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: 120_000, throwOnRequestTimeout: true },
    });
    const put = await timed(() =>
      s3.send(
        new PutObjectCommand({
          Bucket: bucket.bucket,
          Key: KEY,
          Body: body,
          ContentLength: SIZE,
        }),
      ),
    );
    s3.destroy();
    log(`put ${SIZE} B straight into RGW in ${put.ms.toFixed(0)} ms`);

    const portal = await startObjectsBackend({ bucket: bucket.bucket });
    stopPortal = portal.stop;
    const counter = countResponses(portal.backend.server);
    const start = counter.snapshot();

    // 1. the link, from the backend
    const link = await timed(() =>
      portal.backend.call(
        `/api/s3-resources/resources/${portal.resourceId}/objects/links`,
        { method: 'POST', body: { key: KEY, purpose: 'download' } },
      ),
    );
    if (link.value.status !== 200 || !link.value.json?.url) {
      throw new Error(
        `download link: ${link.value.status} ${link.value.text.slice(0, 300)}`,
      );
    }
    await new Promise(r => setImmediate(r));
    const afterLink = counter.snapshot();
    const linkBytes = afterLink.bytes - start.bytes;
    if (linkBytes < link.value.text.length) {
      throw new Error(
        `the byte counter saw ${linkBytes} B for a ${link.value.text.length} B link response`,
      );
    }
    const url = new URL(link.value.json.url);
    if (url.host !== rgw.host) {
      throw new Error(`the link points at ${url.host}, not RGW (${rgw.host})`);
    }

    // 2. the download, from RGW
    const hash = createHash('sha256');
    const download = await timed(async () => {
      const res = await fetch(url);
      if (res.status !== 200 || !res.body) {
        throw new Error(`GET the link: ${res.status}`);
      }
      let received = 0;
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        hash.update(chunk);
      }
      return received;
    });
    await new Promise(r => setImmediate(r));
    const end = counter.snapshot();
    const objectBytes = end.bytes - afterLink.bytes;
    const digest = hash.digest('hex');
    if (download.value !== SIZE) {
      throw new Error(`downloaded ${download.value} B, not ${SIZE}`);
    }
    if (digest !== sha256) {
      throw new Error(`downloaded SHA-256 ${digest}, put ${sha256}`);
    }
    log(
      `link: ${link.ms.toFixed(0)} ms, ${linkBytes} B written by the backend (${
        link.value.text.length
      } B of JSON); download: ${download.value} B in ${download.ms.toFixed(
        0,
      )} ms, SHA-256 matches`,
    );
    log(
      `object bytes through backend: ${objectBytes} (response ${linkBytes} B)`,
    );

    const figures: Figure[] = [
      {
        name: 'object bytes written by the backend while the object downloads',
        value: objectBytes,
        unit: 'B',
        target: { op: '<=', value: 0 },
      },
      {
        name: 'bytes written by the backend for the whole operation (link and download)',
        value: end.bytes - start.bytes,
        unit: 'B',
      },
      {
        name: 'object bytes downloaded from RGW (SHA-256 verified)',
        value: download.value,
        unit: 'B',
      },
      { name: 'link request', value: link.ms, unit: 'ms' },
      { name: 'download from RGW', value: download.ms, unit: 'ms' },
    ];
    report({
      id: 'objects-download',
      title: 'Object download: bytes through the backend',
      figures,
      notes: [
        `object bytes through backend: ${objectBytes} (response ${linkBytes} B)`,
        `a ${
          SIZE / MIB
        } MiB object of random bytes put straight into a bucket on Ceph RGW (deleted afterwards); the resource's endpoint is RGW itself`,
        `the backend answered ${
          end.responses - start.responses
        } request during the operation: the link (POST /api/s3-resources/resources/:id/objects/links, purpose download), ${linkBytes} B with headers, ${
          link.value.text.length
        } B of JSON`,
        'bytes counted per response of the backend HTTP server, as socket.bytesWritten grew from its request to its finish; the download went from RGW to the benchmark directly, its SHA-256 checked against the one put',
      ],
    });
  } finally {
    await stopPortal();
    await bucket.cleanup().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
