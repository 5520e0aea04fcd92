// React (and Express) choose their fast production code from NODE_ENV, which `npm start` does not
// set (the Docker image does): without it a catalog page costs much more CPU (bench/README.md).
// The production entry points import this module first: it runs before the Remix build (and with
// it React) is loaded, and before Express is created.
process.env.NODE_ENV ??= 'production';
