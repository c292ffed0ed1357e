/** Mini-program tests: miniprogram-simulate on jsdom, against the real server that globalSetup starts. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/**/*.test.js'],
  transform: { '\\.[jt]s$': '<rootDir>/test/support/transform.js' },
  transformIgnorePatterns: ['/node_modules/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A mini-program resolves npm packages from the nearest miniprogram_npm folder (TDesign's tslib lives in one).
  moduleDirectories: ['node_modules', 'miniprogram_npm'],
  setupFiles: ['<rootDir>/test/support/setup.js'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 60000,
  // One server and one demo center for the run, and files share members (pages.test.js opens 卢青怡's newest
  // message, which messages.test.js counts as unread): one file at a time, so no file sees another's changes midway.
  maxWorkers: 1,
}
