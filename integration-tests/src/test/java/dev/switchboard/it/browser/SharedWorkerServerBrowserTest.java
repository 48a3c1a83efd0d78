package dev.switchboard.it.browser;

/**
 * {@link SharedWorkerScenarios} end to end: a real Chromium, the real server in envelope mode, a
 * real upstream. Skipped while the server has no envelope mode.
 */
class SharedWorkerServerBrowserTest extends SharedWorkerScenarios {

    @Override
    String hubUnavailable() {
        return RealServerHub.envelopeModeMissing();
    }

    @Override
    HubFixture newHub() {
        return RealServerHub.launch();
    }
}
