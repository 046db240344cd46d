// The scene each chart last painted, by chart id: exports reuse it, and browser tests read its
// labels through window.__schedlab.chartText (what a reader of the chart sees, as text).

import type { Scene } from '../charts/scene.ts';

export const lastScenes = new Map<string, Scene>();
