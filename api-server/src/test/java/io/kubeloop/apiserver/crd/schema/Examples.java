package io.kubeloop.apiserver.crd.schema;

/** The example schemas used across tests. */
final class Examples {

  private Examples() {}

  /** The cnat {@code At} resource: run a command at a given time. */
  static CompiledSchema cnatAt() {
    return Yaml.compile(
        """
        type: object
        properties:
          spec:
            type: object
            required: [schedule, containers]
            properties:
              schedule:
                type: string
                format: date-time
              containers:
                type: array
                minItems: 1
                items:
                  type: object
                  required: [name, image]
                  properties:
                    name: {type: string}
                    image: {type: string}
                    command:
                      type: array
                      items: {type: string}
                    args:
                      type: array
                      items: {type: string}
                    env:
                      type: array
                      items:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string}
                          value: {type: string}
          status:
            type: object
            properties:
              phase:
                type: string
                enum: [PENDING, RUNNING, DONE]
        """);
  }

  /** A {@code databases.example.com} resource with required fields, enums and a date-time. */
  static CompiledSchema database() {
    return Yaml.compile(
        """
        type: object
        required: [spec]
        properties:
          spec:
            type: object
            required: [engine, version, storageGB]
            properties:
              engine:
                type: string
                enum: [postgres, mysql]
              version: {type: string, pattern: '^[0-9]+(\\.[0-9]+)*$'}
              storageGB: {type: integer, minimum: 1, maximum: 1024}
              replicas: {type: integer, minimum: 1, default: 1}
              tier: {type: string, enum: [dev, prod], default: dev}
              backupWindow: {type: string, format: date-time}
              users:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    role: {type: string, enum: [admin, reader], default: reader}
            x-kubernetes-validations:
            - rule: "self.tier != 'prod' || self.replicas >= 2"
              message: prod databases need at least 2 replicas
            - rule: "self.engine == oldSelf.engine"
              message: engine is immutable
          status:
            type: object
            properties:
              phase: {type: string}
        """);
  }
}
