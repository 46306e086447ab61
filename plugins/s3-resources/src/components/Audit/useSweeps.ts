import { useApi } from '@backstage/core-plugin-api';
import { AuditSweepRun } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';

/** Where a "Run sweep now" request is. */
export type SweepRequest =
  | { phase: 'idle' }
  | { phase: 'requesting' }
  /** Triggered; `run` once the new run shows up in the list. */
  | { phase: 'waiting'; run?: AuditSweepRun }
  | { phase: 'finished'; run: AuditSweepRun }
  | { phase: 'timeout' }
  | { phase: 'error'; error: unknown };

const SWEEP_LIST_LIMIT = 10;

/**
 * The last sweep runs, and "Run sweep now": trigger, then poll the runs
 * until a run that was not there before has finished (whichever backend
 * instance picks it up).
 */
export function useSweeps(options: {
  pollMs: number;
  /** Give up waiting after this long (the sweep may still finish later). */
  timeoutMs?: number;
  onFinished?: (run: AuditSweepRun) => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const [sweeps, setSweeps] = useState<AuditSweepRun[]>();
  const [error, setError] = useState<unknown>();
  const [request, setRequest] = useState<SweepRequest>({ phase: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const load = useCallback(async () => {
    try {
      const { items } = await api.listSweeps({ limit: SWEEP_LIST_LIMIT });
      if (mounted.current) {
        setSweeps(items);
        setError(undefined);
      }
      return items;
    } catch (e) {
      if (mounted.current) setError(e);
      throw e;
    }
  }, [api]);

  useEffect(() => {
    load().catch(() => {});
  }, [load]);

  const { pollMs, timeoutMs = 10 * 60_000, onFinished } = options;
  const trigger = useCallback(async () => {
    setRequest({ phase: 'requesting' });
    try {
      const known = new Set((await load()).map(r => r.id));
      await api.triggerSweep();
      setRequest({ phase: 'waiting' });
      const deadline = Date.now() + timeoutMs;
      while (mounted.current) {
        await new Promise(resolve => setTimeout(resolve, pollMs));
        if (!mounted.current) return;
        const items = await load();
        const run = items.find(r => !known.has(r.id));
        if (run && run.outcome !== 'running') {
          setRequest({ phase: 'finished', run });
          onFinished?.(run);
          return;
        }
        if (Date.now() > deadline) {
          setRequest({ phase: 'timeout' });
          return;
        }
        setRequest({ phase: 'waiting', run });
      }
    } catch (e) {
      if (mounted.current) setRequest({ phase: 'error', error: e });
    }
  }, [api, load, pollMs, timeoutMs, onFinished]);

  return {
    sweeps,
    error,
    reload: () => load().catch(() => {}),
    request,
    trigger,
  };
}
