// validate-npm-package-name ships no types (and @types/validate-npm-package-name is not a
// dependency): what this package uses of it.
declare module 'validate-npm-package-name' {
  interface ValidationResult {
    /** Valid for a package published today (no warnings, no errors). */
    validForNewPackages: boolean;
    /** Valid for a package that already exists (warnings allowed). */
    validForOldPackages: boolean;
    warnings?: string[];
    errors?: string[];
  }
  function validate(name: string): ValidationResult;
  export = validate;
}
