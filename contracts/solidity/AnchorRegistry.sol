// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title Merkle roots of the platform's event log, so anyone can prove a record untampered (DESIGN.md, Chain).
/// @notice Only the anchorer role writes; a batch is anchored once.
///
///         Gas: the contract stores one word per batch (its root, the only thing `verify` needs); what a batch covers
///         (leaf count, the hash of its topic/partition/offset ranges, the time) goes into the `Anchored` event, which
///         costs a fraction of storage and is what the platform and auditors read. One anchor costs about 50,000 gas
///         in all, whatever the batch's size: 21,000 base, ~22,100 for the new storage slot, the role check and the log.
///
///         Leaves are built off chain as OpenZeppelin's StandardMerkleTree builds them, one per Kafka record:
///             leaf = keccak256(bytes.concat(keccak256(abi.encode(string topic, uint32 partition, uint64 offset,
///                                                                  bytes32 valueHash))))
///         (hashed twice so a leaf can never be mistaken for an inner node, a second-preimage defence), and inner nodes
///         hash their two children sorted (commutative keccak256), so a proof is just the list of siblings.
contract AnchorRegistry is AccessControl {
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    /// @notice The root of a batch; 0 when it was never anchored.
    mapping(uint64 batchId => bytes32 root) public rootOf;

    /// @param rangesHash keccak256 of the batch's topic/partition/offset ranges as the platform serialises them, so
    ///        the ranges published off chain can be checked against the chain.
    /// @param anchoredAt block.timestamp of the anchoring block.
    event Anchored(
        uint64 indexed batchId, bytes32 indexed root, uint64 leafCount, bytes32 rangesHash, uint64 anchoredAt
    );

    error AlreadyAnchored(uint64 batchId);
    error EmptyBatch(uint64 batchId);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function anchor(uint64 batchId, bytes32 root, uint64 leafCount, bytes32 rangesHash)
        external
        onlyRole(ANCHORER_ROLE)
    {
        if (rootOf[batchId] != bytes32(0)) revert AlreadyAnchored(batchId);
        if (root == bytes32(0) || leafCount == 0) revert EmptyBatch(batchId);
        rootOf[batchId] = root;
        emit Anchored(batchId, root, leafCount, rangesHash, uint64(block.timestamp));
    }

    /// @notice Whether `leaf` (built as the contract's notice says) belongs to an anchored batch; false for a batch
    ///         never anchored.
    /// @param proof the sibling hashes from the leaf up to the root (StandardMerkleTree.getProof).
    function verify(uint64 batchId, bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = rootOf[batchId];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
