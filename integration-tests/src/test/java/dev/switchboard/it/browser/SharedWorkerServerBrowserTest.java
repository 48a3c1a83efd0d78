package dev.switchboard.it.browser;

/**
 * {@link SharedWorkerScenarios} end to end: a real Chromium, the real server in envelope mode, a
 * real upstream.
 */
class SharedWorkerServerBrowserTest extends SharedWorkerScenarios {

    @Override
    HubFixture newHub() {
        return RealServerHub.launch();
    }
}
