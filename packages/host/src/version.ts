/** This host runtime's version (kept equal to package.json's by a test). */
export const HOST_VERSION = '0.1.0';
