// Input frames for Silero VAD v5/v6: 16 kHz mono float PCM cut into 512-sample frames,
// each fed with the previous frame's last 64 samples in front (576 samples), as the
// upstream OnnxWrapper and @ricky0123/vad-web do. The recurrent state ([2,N,128]) is
// carried by the caller from one frame's `stateN` to the next frame's `state`.

export const VAD_SAMPLE_RATE = 16000;
export const VAD_FRAME = 512;
export const VAD_CONTEXT = 64;
/** Shape of the recurrent state for a batch of `n` streams. */
export const vadStateDims = (n = 1): [number, number, number] => [2, n, 128];

/** Splits `samples` (16 kHz) into model inputs of VAD_CONTEXT + VAD_FRAME samples each.
 * A trailing partial frame is zero-padded. */
export function vadFrames(samples: Float32Array): Float32Array[] {
  const frames: Float32Array[] = [];
  let context = new Float32Array(VAD_CONTEXT);
  for (let start = 0; start < samples.length; start += VAD_FRAME) {
    const frame = new Float32Array(VAD_FRAME);
    frame.set(samples.subarray(start, Math.min(start + VAD_FRAME, samples.length)));
    const input = new Float32Array(VAD_CONTEXT + VAD_FRAME);
    input.set(context, 0);
    input.set(frame, VAD_CONTEXT);
    frames.push(input);
    context = frame.slice(VAD_FRAME - VAD_CONTEXT);
  }
  return frames;
}

/** Linear-interpolation resampler (e.g. 48 kHz microphone audio to 16 kHz). Good enough
 * for voice activity; not a band-limited resampler. */
export function resampleLinear(
  samples: Float32Array,
  fromRate: number,
  toRate = VAD_SAMPLE_RATE,
): Float32Array {
  if (fromRate === toRate) return samples;
  const out = new Float32Array(Math.floor((samples.length * toRate) / fromRate));
  const step = fromRate / toRate;
  for (let i = 0; i < out.length; i++) {
    const x = i * step;
    const i0 = Math.floor(x);
    const a = samples[i0] ?? 0;
    const b = samples[i0 + 1] ?? a;
    out[i] = a + (b - a) * (x - i0);
  }
  return out;
}
