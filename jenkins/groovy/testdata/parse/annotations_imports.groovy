#!/usr/bin/env groovy
@Library('pipeline-library@v1.2') _
@Library(['lib-a', 'lib-b@main']) _
@Library(value = 'lib-c', changelog = false) _
@Library('with-import')
import org.example.Helper
import groovy.transform.Field
import static org.example.Constants.*
import org.example.Long as L;
@Field def shared = [:]
@Grapes([@Grab('org.yaml:snakeyaml:2.2'), @Grab(group = 'x', module = 'y', version = '1')])
import org.yaml.snakeyaml.Yaml
@Library('x') _
pipeline {
  agent any
}
