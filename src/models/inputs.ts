// One import for model pre- and post-processing: the lane workers (with OffscreenCanvas
// pixels), the Node tests and the inference benchmark all build tensors through here.
export * from './rgba-image.ts';
export * from './tensor-data.ts';
export * from './imagenet-input.ts';
export * from './ocr-input.ts';
export * from './ocr-output.ts';
export * from './vad-input.ts';
