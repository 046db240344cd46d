// Hook for a layer that redraws from the frame store on animation frames, outside React renders:
// subscribe to the store, mark dirty on each change, redraw once per animation frame.

import { useEffect } from 'react';
import { frameStore } from './state/frame-store.ts';
import { raf, type Phase } from './raf-scheduler.ts';

/**
 * Run `redraw` on the next animation frame after each frame-store change (and once at mount).
 * `redraw` must read what it needs from refs or stores; it is re-registered when `deps` change.
 */
export function useFrameLayer(
  redraw: () => void,
  deps: readonly unknown[],
  minIntervalMs = 0,
  phase: Phase = 'draw',
): void {
  useEffect(() => {
    const layer = raf.register(phase, redraw, minIntervalMs);
    const unsubscribe = frameStore.subscribe(layer.invalidate);
    return () => {
      unsubscribe();
      layer.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists redraw's inputs
  }, deps);
}
