// Input tensors for the image classifiers (ResNet-18/50, ViT-S/16): a batch of images
// resized to 224x224, RGB, normalised per channel, NCHW float32. The mean/std come from
// the manifest entry's preprocessing (ImageNet statistics for the ResNets, 0.5/0.5 for
// timm's ViT).
import { resizeBilinear, type RgbaImage } from './rgba-image.ts';
import { writeChw, type TensorData } from './tensor-data.ts';

export const IMAGENET_SIZE = 224;
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** Builds a [N,3,224,224] tensor from N images of any size (resized straight to 224). */
export function imagenetBatch(
  images: readonly RgbaImage[],
  mean: readonly number[] = IMAGENET_MEAN,
  std: readonly number[] = IMAGENET_STD,
): TensorData {
  const size = IMAGENET_SIZE;
  const data = new Float32Array(images.length * 3 * size * size);
  images.forEach((image, n) => {
    const fitted =
      image.width === size && image.height === size ? image : resizeBilinear(image, size, size);
    writeChw(data, n * 3 * size * size, fitted, size, [0, 1, 2], mean, std);
  });
  return { data, dims: [images.length, 3, size, size] };
}
