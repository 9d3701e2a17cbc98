package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.Drover;
import io.drover.api.Selector;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ServiceSpec;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Reads are served from the informer cache: once it synced, list and status make no API call. */
class KubernetesCacheTest {
    @Test
    void listAndStatusMakeNoApiCallOnceTheCacheSynced() {
        KubernetesTestEngine.require();
        List<String> requests = new CopyOnWriteArrayList<>();
        Interceptor counter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                requests.add(request.method() + " " + request.uri());
            }
        };
        String run = "cache" + Long.toString(new Random().nextInt(1 << 20), 36).toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        try (Drover drover = Drover.builder(new KubernetesBackend(KubernetesConfig.fromEnvironment(),
                b -> b.addOrReplaceInterceptor("count", counter))).build()) {
            try {
                for (int i = 0; i < 3; i++) {
                    ServiceSpec spec = new KubernetesTestWorkload().service(run + "-" + i, 1).replicas(0).label("cache-run", run).build();
                    names.add(drover.apply(spec).name());
                }
                assertThat(drover.list(Selector.label("cache-run", run))).hasSize(3); // starts and syncs the informers
                requests.clear();
                for (int n = 0; n < 100; n++) {
                    List<ServiceStatus> listed = drover.list(Selector.label("cache-run", run));
                    assertThat(listed).hasSize(3);
                    assertThat(drover.status(names.get(n % 3))).isPresent();
                }
                assertThat(requests).as("API calls during 100 list and 100 status calls").isEmpty();
            } finally {
                names.forEach(drover::delete);
            }
        }
    }
}
