package dev.switchboard.server.client;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the browser client's files from one class path folder: the tab library
 * {@code switchboard.js}, its worker {@code switchboard-worker.js} and the modules they import,
 * under {@code /client/} ({@link #client()}), or the demo page at {@code /} ({@link #demo()}).
 * Every web file of the folder is served, so a new module needs no list to be kept up to date.
 *
 * <p>Mount it with a prefix so that the file name is the exchange's relative path, e.g.
 * {@code Handlers.path(routes).addPrefixPath("/client", ClientAssetsHandler.client())}, and
 * {@code addExactPath("/", ClientAssetsHandler.demo())} for the demo page; an empty relative path
 * or {@code /} means {@code index.html}. A {@link io.undertow.server.RoutingHandler} route such as
 * {@code .get("/client/*", ClientAssetsHandler.client())} works too: the handler then strips its
 * mount path ({@code /client}) from the request path itself.
 *
 * <p>Answers: {@code 200} with the right {@code Content-Type} ({@code text/javascript;
 * charset=utf-8} for scripts, since browsers refuse module workers served otherwise), a strong
 * {@code ETag}, and {@code Cache-Control: no-cache}, so a deploy takes effect at once while a
 * revalidation costs a {@code 304}; {@code 404} for a name the folder does not hold; {@code 400}
 * for a name that tries to leave the folder ({@code ..}, a slash, a backslash); {@code 405} for
 * methods other than GET and HEAD. Only flat names of letters, digits, {@code .}, {@code _} and
 * {@code -} are looked up, so nothing outside the folder can ever be served; and only web files
 * (scripts, pages, styles, images), so the classes that share the folder in the jar are not.
 */
public final class ClientAssetsHandler implements HttpHandler {

    /** Where the tab library and its worker live on the class path. */
    public static final String CLIENT_FOLDER = "dev/switchboard/server/client/";
    /** Where the demo page lives on the class path. */
    public static final String DEMO_FOLDER = "dev/switchboard/server/demo/";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String INDEX = "index.html";
    private static final HttpString ALLOW = Headers.ALLOW;
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "map", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private final String folder;
    private final String mount;
    private final ClassLoader loader;
    /** Files read so far. The folder's files are fixed in the jar, so a file never changes once read. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /**
     * Serves the files of a class path folder.
     *
     * @param folder a class path folder such as {@code dev/switchboard/server/client/} (trailing slash optional)
     * @param mount  the URL path it is mounted at, such as {@code /client}, or {@code ""} for the root;
     *               used only when a router passes the whole request path as the relative path
     * @param loader the class loader to read it from
     */
    public ClientAssetsHandler(String folder, String mount, ClassLoader loader) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(mount, "mount");
        this.folder = folder.endsWith("/") ? folder : folder + "/";
        this.mount = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** The tab library and its worker; mount at {@code /client}. */
    public static ClientAssetsHandler client() {
        return new ClientAssetsHandler(CLIENT_FOLDER, "/client", ClientAssetsHandler.class.getClassLoader());
    }

    /** The demo page; mount at {@code /} (exact path), where it answers {@code index.html}. */
    public static ClientAssetsHandler demo() {
        return new ClientAssetsHandler(DEMO_FOLDER, "", ClientAssetsHandler.class.getClassLoader());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            // Reading a class path resource blocks: not on an I/O thread.
            exchange.dispatch(this);
            return;
        }
        if (!Methods.GET.equals(exchange.getRequestMethod()) && !Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(ALLOW, "GET, HEAD");
            text(exchange, StatusCodes.METHOD_NOT_ALLOWED, "this method is not allowed here; use GET");
            return;
        }
        String name = fileName(relativePath(exchange));
        if (name.contains("..") || name.contains("/") || name.contains("\\")) {
            text(exchange, StatusCodes.BAD_REQUEST, "refusing that name: only files directly in this folder are served");
            return;
        }
        Optional<Asset> asset = NAME.matcher(name).matches() && contentType(name) != null ? find(name) : Optional.empty();
        if (asset.isEmpty()) {
            text(exchange, StatusCodes.NOT_FOUND, "no file of that name here");
            return;
        }
        serve(exchange, asset.get());
    }

    /**
     * The path below the mount. A PathHandler prefix has already cut the mount off; a
     * RoutingHandler leaves the relative path equal to the whole request path, so cut it here.
     */
    private String relativePath(HttpServerExchange exchange) {
        String relative = exchange.getRelativePath();
        if (!mount.isEmpty() && relative != null && relative.equals(exchange.getRequestPath())
                && relative.startsWith(mount + "/")) {
            return relative.substring(mount.length());
        }
        return relative;
    }

    /** The name asked for: the relative path without its leading slash, or index.html for none. */
    private static String fileName(String relativePath) {
        String path = relativePath == null ? "" : relativePath;
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path.isEmpty() ? INDEX : path;
    }

    private Optional<Asset> find(String name) {
        Asset known = cache.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        // Misses are not cached: a client could fill the map with made-up names.
        try (InputStream in = loader.getResourceAsStream(folder + name)) {
            if (in == null) {
                return Optional.empty();
            }
            Asset asset = new Asset(in.readAllBytes(), contentType(name));
            cache.putIfAbsent(name, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + name + " from the class path", e);
        }
    }

    private static void serve(HttpServerExchange exchange, Asset asset) {
        var headers = exchange.getResponseHeaders();
        headers.put(Headers.ETAG, asset.etag());
        // no-cache: the browser may keep a copy but asks every time, so a new deploy is seen at
        // once; the ETag makes that question cost a 304.
        headers.put(Headers.CACHE_CONTROL, "no-cache");
        headers.put(Headers.CONTENT_TYPE, asset.contentType());
        headers.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH), asset.etag())) {
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(StatusCodes.OK);
        headers.put(Headers.CONTENT_LENGTH, asset.bytes().length);
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(asset.bytes()));
    }

    /** Whether an If-None-Match header (any of its values, each possibly a list) names this ETag. */
    private static boolean matches(Iterable<String> ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String header : ifNoneMatch) {
            for (String candidate : header.split(",")) {
                String tag = candidate.trim();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2); // If-None-Match compares weakly
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The type of a web file, or null for anything else (a .class file beside the scripts in the jar, say). */
    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.get(extension);
    }

    private static void text(HttpServerExchange exchange, int status, String line) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(line + "\n", StandardCharsets.UTF_8);
    }

    /** One file: its bytes, its type, and an ETag derived from its content. */
    private record Asset(byte[] bytes, String contentType, String etag) {
        Asset(byte[] bytes, String contentType) {
            this(bytes, contentType, etagOf(bytes));
        }

        private static String etagOf(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
            }
        }
    }
}
