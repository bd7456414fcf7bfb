/** Who made a request: the signed-in user, as the callable wrapper read them from the ID token. */
export interface CallerContext {
  uid: string;
  /** The Auth display name in the ID token, if the user has one: the fallback for the name a callee sees. */
  name?: string;
  /** The custom claim `beckonOperator: true` (set with the Admin SDK): may read the fleet's delivery health. */
  operator?: boolean;
}
