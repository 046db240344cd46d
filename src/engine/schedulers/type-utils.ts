// Type helpers the registries share.

/** The intersection of a union's members (the policies' merged config fields). */
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
