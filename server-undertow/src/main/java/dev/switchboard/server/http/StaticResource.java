package dev.switchboard.server.http;

import dev.switchboard.server.client.ClientAssetsHandler;
import io.undertow.server.HttpHandler;

/** Serves one file of the server's status folder at a fixed path, through {@link ClientAssetsHandler}. */
final class StaticResource {

    /** Where the status page and the icon live on the class path. */
    static final String STATUS_FOLDER = "dev/switchboard/server/status/";

    private StaticResource() {
    }

    /** A handler that answers with the status folder's file {@code name}, whatever the path it is mounted at. */
    static HttpHandler of(String name) {
        ClientAssetsHandler folder = new ClientAssetsHandler(STATUS_FOLDER, "", StaticResource.class.getClassLoader());
        return exchange -> {
            exchange.setRelativePath("/" + name);
            folder.handleRequest(exchange);
        };
    }
}
