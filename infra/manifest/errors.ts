/** A function manifest or a rule file is inconsistent: found when the manifests are loaded, never at run time. */
export class ManifestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ManifestError';
  }
}
