/** The local server's port unless told otherwise (its own module: the CLI reads it at start-up). */
export const DEFAULT_PORT = 5177;
