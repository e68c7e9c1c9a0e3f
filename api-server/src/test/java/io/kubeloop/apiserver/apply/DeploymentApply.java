package io.kubeloop.apiserver.apply;

/** Deployment configurations for apply tests. */
final class DeploymentApply {

  static final String HEADER =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: default}
      """;

  static final String BASE =
      HEADER
          + """
          spec:
            replicas: 2
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec:
                containers:
                - name: web
                  image: nginx:1
                  ports: [{containerPort: 80}]
                  env: [{name: A, value: '1'}]
          """;

  private DeploymentApply() {}
}
