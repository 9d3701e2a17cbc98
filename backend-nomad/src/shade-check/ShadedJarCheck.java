import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import io.drover.api.spec.*;
/** Runs the published (shaded) jar next to a Jackson without UPPER_CAMEL_CASE: render/import and an SDK call (rollback) against a loopback answer. Run by scripts/nomad-shaded-jar-check.sh. */
public class ShadedJarCheck {
  public static void main(String[] a) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    s.createContext("/", ex -> {
      String p = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
      String body = new String(ex.getRequestBody().readAllBytes());
      seen.add(p + " " + body);
      String out = switch (p) {
        case "GET /v1/job/example" -> "{\"ID\":\"example\",\"Version\":1,\"TaskGroups\":[{\"Name\":\"example\",\"Count\":1}],\"Meta\":{}}";
        case "GET /v1/job/example/versions" -> "{\"Diffs\":[],\"Index\":26,\"Versions\":[{\"ID\":\"example\",\"Stable\":true,\"Version\":1,\"Meta\":{\"io.drover/revision\":\"2\"}},{\"ID\":\"example\",\"Stable\":true,\"Version\":0,\"Meta\":{\"io.drover/revision\":\"1\"}}]}";
        default -> "{\"EvalID\":\"d092fdc0-e1fd-2536-67d8-43af8ca798ac\",\"EvalCreateIndex\":35,\"JobModifyIndex\":34}";
      };
      byte[] b = out.getBytes(); ex.getResponseHeaders().add("X-Nomad-Index", "35"); ex.sendResponseHeaders(200, b.length); ex.getResponseBody().write(b); ex.close();
    });
    s.start();
    var b = new io.drover.backend.nomad.NomadBackend(io.drover.backend.nomad.NomadConfig.builder("http://127.0.0.1:" + s.getAddress().getPort()).build());
    ServiceSpec spec = SpecIO.read(java.nio.file.Path.of(a[0]));
    System.out.println("user Jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + ", render/import round trip: " + b.importNative(b.render(spec, io.drover.api.RenderFormat.JSON)).equals(spec));
    System.out.println("rollback via shaded SDK -> revision " + b.rollback("example"));
    seen.forEach(System.out::println);
    b.close(); s.stop(0);
  }
}
