// Which zoo models have synthetic weights (made from a seed, not shipped). Apart from the generator
// itself, so that code that only asks (the site's build, a lane choosing how to load a model) does
// not pull the generator and its protobuf writer in.

export const SYNTHETIC_MODEL_IDS = ['resnet18', 'resnet50', 'vit_s16'] as const;

export type SyntheticModelId = (typeof SYNTHETIC_MODEL_IDS)[number];

export function isSyntheticModel(id: string): id is SyntheticModelId {
  return (SYNTHETIC_MODEL_IDS as readonly string[]).includes(id);
}
