// ResNet-18 and ResNet-50 (torchvision layout, v1.5: the stride sits on the 3x3 conv of a
// bottleneck) as ONNX graphs with seeded synthetic weights. BatchNormalization stays a
// node (onnxruntime folds it into the conv at load), so gamma/beta are real parameters
// and the parameter count equals torchvision's: 11,689,512 and 25,557,032.
import { GraphBuilder } from './graph-builder.ts';
import type { OnnxModel } from './onnx-proto.ts';

export type ResNetDepth = 18 | 50;

const BLOCKS: Record<ResNetDepth, [number, number, number, number]> = {
  18: [2, 2, 2, 2],
  50: [3, 4, 6, 3],
};

class ResNetBuilder {
  readonly g: GraphBuilder;
  constructor(seed: number, onWeights?: (bytesMade: number) => void) {
    this.g = new GraphBuilder(seed, onWeights);
  }

  /** Conv without bias, He-initialised (std = sqrt(2 / fan_in)) so ReLU activations keep
   * their scale from layer to layer. */
  conv(x: string, name: string, cin: number, cout: number, k: number, stride: number): string {
    const w = this.g.noise(`${name}.weight`, [cout, cin, k, k], Math.sqrt(2 / (cin * k * k)));
    const pad = (k - 1) >> 1;
    return this.g.op('Conv', [x, w], {
      kernel_shape: [k, k],
      strides: [stride, stride],
      pads: [pad, pad, pad, pad],
    });
  }

  /** BatchNorm in inference form. `gammaScale` < 1 on the last BN of a residual branch keeps
   * the residual sum from doubling its variance at every block (the zero-init-residual
   * idea, softened so the branch still contributes). */
  bn(x: string, name: string, c: number, gammaScale = 1): string {
    const g = this.g;
    const gamma = g.noise(`${name}.weight`, [c], 0.05 * gammaScale, gammaScale);
    const beta = g.noise(`${name}.bias`, [c], 0.02);
    const mean = g.floats(`${name}.running_mean`, [c]);
    const variance = g.floats(`${name}.running_var`, [c], (d) => d.fill(1));
    return g.op('BatchNormalization', [x, gamma, beta, mean, variance], {
      epsilon: { float: 1e-5 },
    });
  }

  relu(x: string): string {
    return this.g.op('Relu', [x]);
  }

  basic(x: string, name: string, cin: number, planes: number, stride: number): string {
    let y = this.relu(
      this.bn(this.conv(x, `${name}.conv1`, cin, planes, 3, stride), `${name}.bn1`, planes),
    );
    y = this.bn(this.conv(y, `${name}.conv2`, planes, planes, 3, 1), `${name}.bn2`, planes, 0.3);
    const skip = this.shortcut(x, name, cin, planes, stride);
    return this.relu(this.g.op('Add', [y, skip]));
  }

  bottleneck(x: string, name: string, cin: number, planes: number, stride: number): string {
    const out = planes * 4;
    let y = this.relu(
      this.bn(this.conv(x, `${name}.conv1`, cin, planes, 1, 1), `${name}.bn1`, planes),
    );
    y = this.relu(
      this.bn(this.conv(y, `${name}.conv2`, planes, planes, 3, stride), `${name}.bn2`, planes),
    );
    y = this.bn(this.conv(y, `${name}.conv3`, planes, out, 1, 1), `${name}.bn3`, out, 0.3);
    const skip = this.shortcut(x, name, cin, out, stride);
    return this.relu(this.g.op('Add', [y, skip]));
  }

  shortcut(x: string, name: string, cin: number, cout: number, stride: number): string {
    if (stride === 1 && cin === cout) return x;
    const y = this.conv(x, `${name}.downsample.0`, cin, cout, 1, stride);
    return this.bn(y, `${name}.downsample.1`, cout);
  }
}

/** Builds torchvision's resnet18 / resnet50 graph: input 'input' [N,3,224,224] float32
 * (ImageNet-normalised RGB), output 'logits' [N,1000]. `onWeights` hears weight bytes made. */
export function buildResNet(
  depth: ResNetDepth,
  seed: number,
  onWeights?: (bytesMade: number) => void,
): OnnxModel {
  const b = new ResNetBuilder(seed, onWeights);
  const g = b.g;
  const bottleneck = depth === 50;
  const expansion = bottleneck ? 4 : 1;

  let x = g.input('input', ['N', 3, 224, 224]);
  x = b.relu(b.bn(b.conv(x, 'conv1', 3, 64, 7, 2), 'bn1', 64));
  x = g.op('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });

  let cin = 64;
  BLOCKS[depth].forEach((count, stage) => {
    const planes = 64 << stage;
    for (let i = 0; i < count; i++) {
      const stride = i === 0 && stage > 0 ? 2 : 1;
      const name = `layer${stage + 1}.${i}`;
      x = bottleneck
        ? b.bottleneck(x, name, cin, planes, stride)
        : b.basic(x, name, cin, planes, stride);
      cin = planes * expansion;
    }
  });

  x = g.op('GlobalAveragePool', [x]);
  x = g.op('Flatten', [x], { axis: 1 });
  // torch.nn.Linear default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), std = 1/sqrt(3 fan_in).
  const w = g.noise('fc.weight', [1000, cin], 1 / Math.sqrt(3 * cin));
  const bias = g.noise('fc.bias', [1000], 1 / Math.sqrt(3 * cin));
  g.op('Gemm', [x, w, bias], { transB: 1 }, 'logits');
  g.output('logits', ['N', 1000]);

  return g.build(
    `resnet${depth}`,
    `ResNet-${depth} (torchvision v1.5 layout), seeded synthetic weights.`,
    {
      architecture: `resnet${depth}`,
      weights: 'synthetic',
      seed: String(seed),
    },
  );
}
