package io.kubeloop.apiserver.openapi;

/**
 * Facts about built-in fields that Fabric8's model classes do not carry, one per line. Required
 * fields and metav1.Time fields were extracted from the published OpenAPI of Kubernetes 1.34 (as
 * shipped in the kubernetes-models npm packages, kubernetes-models 5.1.0 and
 * {@code @kubernetes-models/apimachinery} 3.0.2) for the API groups this server serves; list types
 * are those kube marks on the fields of the served types.
 */
final class KubeFieldData {

  private KubeFieldData() {}

  static final String TABLE =
      """
      # required <definition> <fields>: kube's required fields (Go fields without omitempty)
      required io.k8s.api.apps.v1.DeploymentCondition status,type
      required io.k8s.api.apps.v1.DeploymentList items
      required io.k8s.api.apps.v1.DeploymentSpec selector,template
      required io.k8s.api.apps.v1.ReplicaSetCondition status,type
      required io.k8s.api.apps.v1.ReplicaSetList items
      required io.k8s.api.apps.v1.ReplicaSetSpec selector
      required io.k8s.api.apps.v1.ReplicaSetStatus replicas
      required io.k8s.api.autoscaling.v1.ScaleStatus replicas
      required io.k8s.api.coordination.v1.LeaseList items
      required io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource volumeID
      required io.k8s.api.core.v1.AppArmorProfile type
      required io.k8s.api.core.v1.AttachedVolume devicePath,name
      required io.k8s.api.core.v1.AzureDiskVolumeSource diskName,diskURI
      required io.k8s.api.core.v1.AzureFileVolumeSource secretName,shareName
      required io.k8s.api.core.v1.Binding target
      required io.k8s.api.core.v1.CSIVolumeSource driver
      required io.k8s.api.core.v1.CephFSVolumeSource monitors
      required io.k8s.api.core.v1.CinderVolumeSource volumeID
      required io.k8s.api.core.v1.ClusterTrustBundleProjection path
      required io.k8s.api.core.v1.ConfigMapKeySelector key
      required io.k8s.api.core.v1.ConfigMapList items
      required io.k8s.api.core.v1.ConfigMapNodeConfigSource kubeletConfigKey,name,namespace
      required io.k8s.api.core.v1.Container name
      required io.k8s.api.core.v1.ContainerExtendedResourceRequest containerName,requestName,resourceName
      required io.k8s.api.core.v1.ContainerPort containerPort
      required io.k8s.api.core.v1.ContainerResizePolicy resourceName,restartPolicy
      required io.k8s.api.core.v1.ContainerRestartRule action
      required io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes operator
      required io.k8s.api.core.v1.ContainerStateTerminated exitCode
      required io.k8s.api.core.v1.ContainerStatus image,imageID,name,ready,restartCount
      required io.k8s.api.core.v1.DaemonEndpoint Port
      required io.k8s.api.core.v1.DownwardAPIVolumeFile path
      required io.k8s.api.core.v1.EnvVar name
      required io.k8s.api.core.v1.EphemeralContainer name
      required io.k8s.api.core.v1.Event involvedObject,metadata
      required io.k8s.api.core.v1.EventList items
      required io.k8s.api.core.v1.FileKeySelector key,path,volumeName
      required io.k8s.api.core.v1.FlexVolumeSource driver
      required io.k8s.api.core.v1.GCEPersistentDiskVolumeSource pdName
      required io.k8s.api.core.v1.GRPCAction port
      required io.k8s.api.core.v1.GitRepoVolumeSource repository
      required io.k8s.api.core.v1.GlusterfsVolumeSource endpoints,path
      required io.k8s.api.core.v1.HTTPGetAction port
      required io.k8s.api.core.v1.HTTPHeader name,value
      required io.k8s.api.core.v1.HostAlias ip
      required io.k8s.api.core.v1.HostIP ip
      required io.k8s.api.core.v1.HostPathVolumeSource path
      required io.k8s.api.core.v1.ISCSIVolumeSource iqn,lun,targetPortal
      required io.k8s.api.core.v1.ImageVolumeStatus imageRef
      required io.k8s.api.core.v1.KeyToPath key,path
      required io.k8s.api.core.v1.LinuxContainerUser gid,uid
      required io.k8s.api.core.v1.NFSVolumeSource path,server
      required io.k8s.api.core.v1.NamespaceCondition status,type
      required io.k8s.api.core.v1.NamespaceList items
      required io.k8s.api.core.v1.NodeAddress address,type
      required io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus resourceClaimName,resources
      required io.k8s.api.core.v1.NodeCondition status,type
      required io.k8s.api.core.v1.NodeList items
      required io.k8s.api.core.v1.NodeSelector nodeSelectorTerms
      required io.k8s.api.core.v1.NodeSelectorRequirement key,operator
      required io.k8s.api.core.v1.NodeSystemInfo architecture,bootID,containerRuntimeVersion,kernelVersion,kubeProxyVersion,kubeletVersion,machineID,operatingSystem,osImage,systemUUID
      required io.k8s.api.core.v1.ObjectFieldSelector fieldPath
      required io.k8s.api.core.v1.PersistentVolumeClaimTemplate spec
      required io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource claimName
      required io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource pdID
      required io.k8s.api.core.v1.PodAffinityTerm topologyKey
      required io.k8s.api.core.v1.PodCertificateProjection keyType,signerName
      required io.k8s.api.core.v1.PodCondition status,type
      required io.k8s.api.core.v1.PodExtendedResourceClaimStatus requestMappings,resourceClaimName
      required io.k8s.api.core.v1.PodIP ip
      required io.k8s.api.core.v1.PodList items
      required io.k8s.api.core.v1.PodOS name
      required io.k8s.api.core.v1.PodReadinessGate conditionType
      required io.k8s.api.core.v1.PodResourceClaim name
      required io.k8s.api.core.v1.PodResourceClaimStatus name
      required io.k8s.api.core.v1.PodSchedulingGate name
      required io.k8s.api.core.v1.PodSpec containers
      required io.k8s.api.core.v1.PortStatus port,protocol
      required io.k8s.api.core.v1.PortworxVolumeSource volumeID
      required io.k8s.api.core.v1.PreferredSchedulingTerm preference,weight
      required io.k8s.api.core.v1.QuobyteVolumeSource registry,volume
      required io.k8s.api.core.v1.RBDVolumeSource image,monitors
      required io.k8s.api.core.v1.ResourceClaim name
      required io.k8s.api.core.v1.ResourceFieldSelector resource
      required io.k8s.api.core.v1.ResourceHealth resourceID
      required io.k8s.api.core.v1.ResourceStatus name
      required io.k8s.api.core.v1.ScaleIOVolumeSource gateway,secretRef,system
      required io.k8s.api.core.v1.SeccompProfile type
      required io.k8s.api.core.v1.SecretKeySelector key
      required io.k8s.api.core.v1.SecretList items
      required io.k8s.api.core.v1.ServiceAccountList items
      required io.k8s.api.core.v1.ServiceAccountTokenProjection path
      required io.k8s.api.core.v1.ServiceList items
      required io.k8s.api.core.v1.ServicePort port
      required io.k8s.api.core.v1.SleepAction seconds
      required io.k8s.api.core.v1.Sysctl name,value
      required io.k8s.api.core.v1.TCPSocketAction port
      required io.k8s.api.core.v1.Taint effect,key
      required io.k8s.api.core.v1.TopologySpreadConstraint maxSkew,topologyKey,whenUnsatisfiable
      required io.k8s.api.core.v1.TypedLocalObjectReference kind,name
      required io.k8s.api.core.v1.TypedObjectReference kind,name
      required io.k8s.api.core.v1.Volume name
      required io.k8s.api.core.v1.VolumeDevice devicePath,name
      required io.k8s.api.core.v1.VolumeMount mountPath,name
      required io.k8s.api.core.v1.VolumeMountStatus mountPath,name
      required io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource volumePath
      required io.k8s.api.core.v1.WeightedPodAffinityTerm podAffinityTerm,weight
      required io.k8s.api.events.v1.Event eventTime
      required io.k8s.api.events.v1.EventList items
      required io.k8s.api.events.v1.EventSeries count,lastObservedTime
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition jsonPath,name,type
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceConversion strategy
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition spec
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition status,type
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionList items
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames kind,plural
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec group,names,scope,versions
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion name,served,storage
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceScale specReplicasPath,statusReplicasPath
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.SelectableField jsonPath
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ServiceReference name,namespace
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule rule
      required io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion conversionReviewVersions
      required io.k8s.apimachinery.pkg.apis.meta.v1.Condition lastTransitionTime,message,reason,status,type
      required io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement key,operator
      required io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference apiVersion,kind,name,uid

      # time <definition> <field>: strings that are metav1.Time (Fabric8 types them as String)
      time io.k8s.api.apps.v1.DeploymentCondition lastTransitionTime
      time io.k8s.api.apps.v1.DeploymentCondition lastUpdateTime
      time io.k8s.api.apps.v1.ReplicaSetCondition lastTransitionTime
      time io.k8s.api.core.v1.ContainerStateRunning startedAt
      time io.k8s.api.core.v1.ContainerStateTerminated finishedAt
      time io.k8s.api.core.v1.ContainerStateTerminated startedAt
      time io.k8s.api.core.v1.Event firstTimestamp
      time io.k8s.api.core.v1.Event lastTimestamp
      time io.k8s.api.core.v1.NamespaceCondition lastTransitionTime
      time io.k8s.api.core.v1.NodeCondition lastHeartbeatTime
      time io.k8s.api.core.v1.NodeCondition lastTransitionTime
      time io.k8s.api.core.v1.PodCondition lastProbeTime
      time io.k8s.api.core.v1.PodCondition lastTransitionTime
      time io.k8s.api.core.v1.PodStatus startTime
      time io.k8s.api.core.v1.Taint timeAdded
      time io.k8s.api.events.v1.Event deprecatedFirstTimestamp
      time io.k8s.api.events.v1.Event deprecatedLastTimestamp
      time io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition lastTransitionTime
      time io.k8s.apimachinery.pkg.apis.meta.v1.Condition lastTransitionTime
      time io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry time
      time io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta creationTimestamp
      time io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta deletionTimestamp

      # byte <definition> <field>: base64 strings (or maps of them); Fabric8 types them as String
      byte io.k8s.api.core.v1.ConfigMap binaryData
      byte io.k8s.api.core.v1.Secret data
      byte io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookClientConfig caBundle

      # list <definition> <field> <list type> [<map keys>]: kube's +listType and +listMapKey markers
      list io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta finalizers set
      list io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta ownerReferences map uid
      list io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector matchExpressions atomic
      list io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement values atomic
      list io.k8s.api.core.v1.PodSpec containers map name
      list io.k8s.api.core.v1.PodSpec initContainers map name
      list io.k8s.api.core.v1.PodSpec ephemeralContainers map name
      list io.k8s.api.core.v1.PodSpec volumes map name
      list io.k8s.api.core.v1.PodSpec imagePullSecrets map name
      list io.k8s.api.core.v1.PodSpec hostAliases map ip
      list io.k8s.api.core.v1.PodSpec tolerations atomic
      list io.k8s.api.core.v1.PodSpec topologySpreadConstraints map topologyKey,whenUnsatisfiable
      list io.k8s.api.core.v1.PodSpec schedulingGates map name
      list io.k8s.api.core.v1.PodSpec resourceClaims map name
      list io.k8s.api.core.v1.Container ports map containerPort,protocol
      list io.k8s.api.core.v1.Container command atomic
      list io.k8s.api.core.v1.Container args atomic
      list io.k8s.api.core.v1.EphemeralContainer ports map containerPort,protocol
      list io.k8s.api.core.v1.EphemeralContainer command atomic
      list io.k8s.api.core.v1.EphemeralContainer args atomic
      list io.k8s.api.core.v1.PodStatus conditions map type
      list io.k8s.api.core.v1.PodStatus podIPs map ip
      list io.k8s.api.core.v1.ServiceSpec ports map port,protocol
      list io.k8s.api.core.v1.ServiceSpec clusterIPs atomic
      list io.k8s.api.core.v1.ServiceSpec ipFamilies atomic
      list io.k8s.api.core.v1.NodeSpec podCIDRs set
      list io.k8s.api.core.v1.NodeSpec taints atomic
      """;
}
