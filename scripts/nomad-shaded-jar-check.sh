#!/usr/bin/env bash
# Checks the packaged drover-backend-nomad jar with a user Jackson (2.21.0) newer than the one the
# nomad-sdk needs: the SDK and its Jackson are relocated inside the jar, so both must work side by side.
# Resolves Jackson 2.21.0 with Maven (once) and packages backend-nomad first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mvn -B -q -DskipTests -pl backend-nomad -am package
mvn -B -q -pl api dependency:build-classpath -Dmdep.outputFile="$tmp/api.cp" >/dev/null
cat > "$tmp/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>y</artifactId><version>1</version>
<dependencyManagement><dependencies><dependency><groupId>com.fasterxml.jackson</groupId><artifactId>jackson-bom</artifactId><version>2.21.0</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
<dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>
<dependency><groupId>com.fasterxml.jackson.dataformat</groupId><artifactId>jackson-dataformat-yaml</artifactId></dependency>
<dependency><groupId>com.fasterxml.jackson.datatype</groupId><artifactId>jackson-datatype-jsr310</artifactId></dependency>
<dependency><groupId>org.bouncycastle</groupId><artifactId>bcpkix-jdk18on</artifactId><version>1.82</version></dependency>
<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency></dependencies>
<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin></plugins></build></project>
POM
mvn -B -q -f "$tmp/pom.xml" dependency:build-classpath -Dmdep.outputFile="$tmp/jackson.cp" >/dev/null
others="$(tr ':' '\n' < "$tmp/api.cp" | grep -v jackson | paste -sd: -)"
cp="backend-nomad/target/drover-backend-nomad-0.1.0-SNAPSHOT.jar:api/target/classes:$others:$(cat "$tmp/jackson.cp")"
javac -cp "$cp" -d "$tmp" backend-nomad/src/shade-check/ShadedJarCheck.java
java -cp "$tmp:$cp" ShadedJarCheck backend-nomad/src/test/resources/golden/full.spec.yaml
